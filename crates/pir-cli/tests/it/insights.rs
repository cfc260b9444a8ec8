//! `pir search`, `pir stats` and `pir init`.

use crate::{run, sample_site};

#[test]
fn search_prints_hits_with_their_best_line_and_json_spans() {
    let site = sample_site();
    let s = site.to_str().unwrap();
    let (ok, out, err) = run(&["search", "\"forwarding loop\"", "--site", s]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("2026-05-02  Internal DNS Resolver Outage"),
        "{out}"
    );
    // Not a terminal: no ANSI codes. The line number is the file's.
    assert!(!out.contains('\x1b'));
    let (number, text) = lines[1].trim().split_once(": ").unwrap();
    let file = std::fs::read_to_string(
        site.join("docs/incidents/2026-05-02-internal-dns-resolver-outage.md"),
    )
    .unwrap();
    let n: usize = number.parse().unwrap();
    assert_eq!(file.lines().nth(n - 1).unwrap().trim(), text);
    assert!(text.to_lowercase().contains("forwarding loop"));

    let (ok, out, _) = run(&["search", "certif", "--site", s, "--json"]);
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits = json.as_array().unwrap();
    assert_eq!(hits[0]["title"], "Payments API TLS Certificate Expiry");
    let best = &hits[0]["best"];
    let text = best["text"].as_str().unwrap();
    let m = &best["matches"][0];
    let (a, b) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
    assert!(
        text[a as usize..b as usize]
            .to_lowercase()
            .starts_with("certif")
    );

    let (ok, _, err) = run(&["search", "certificate", "--site", s, "--severity", "low"]);
    assert!(!ok, "no Low PIR mentions certificates");
    assert!(err.contains("no PIR matches"));
    let (ok, out, _) = run(&["search", "", "--site", s, "--open-actions", "--json"]);
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .all(|h| h["open_action_items"].as_u64() > Some(0))
    );
}

/// The fixture site of pir-core's metrics tests, whose numbers are worked out by hand there.
fn stats_site() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../pir-core/tests/fixtures/stats-site")
}

#[test]
fn stats_prints_metrics_and_json() {
    let site = stats_site();
    let s = site.to_str().unwrap();
    let (ok, out, err) = run(&["stats", s, "--today", "2025-05-01", "--json"]);
    assert!(ok, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["incidents"], 6);
    assert_eq!(json["today"], "2025-05-01");
    assert_eq!(json["durations"][1]["severity"], "High");
    assert_eq!(json["durations"][1]["time_to_detect"]["p25"], 17.0);
    assert_eq!(json["open_by_owner"][0]["owner"], "Alice");
    assert_eq!(json["open_by_owner"][0]["items"][0]["age_days"], 111);

    let (ok, out, err) = run(&["stats", s, "--today", "2025-05-01"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("6 incidents\n"), "{out}");
    assert!(out.contains("  2025-02  0\n"), "{out}");
    assert!(
        out.contains("  High         3: 4 / 17 / 30 / 60 / 90"),
        "{out}"
    );
    assert!(out.contains("Not measurable (3):"), "{out}");
    assert!(
        out.contains("incidents/2025-04-06-slow-pages.md: no Timeline section"),
        "{out}"
    );
    assert!(out.contains("Open action items: 5"), "{out}");
    assert!(
        out.contains(" 111d  Add resolver alarm  (incidents/2025-01-10-edge-dns-failure.md:32)"),
        "{out}"
    );
    let (ok, _, err) = run(&["stats", s, "--today", "May 1st"]);
    assert!(!ok);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}
