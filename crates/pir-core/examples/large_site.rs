//! Writes a large generated docs site ([`pir_core::sample::write_large_site`]) for measuring
//! the CLI on it: `cargo run -p pir-core --example large_site -- DIR N`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse().ok())) else {
        eprintln!("usage: large_site DIR N");
        std::process::exit(2);
    };
    if let Err(e) = pir_core::sample::write_large_site(std::path::Path::new(dir), n) {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
