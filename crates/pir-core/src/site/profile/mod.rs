//! The site profile: everything the product assumes about a site, learnt from the site itself,
//! each value with the evidence it was learnt from, and overridable in `.pir.toml`.
//!
//! Teams write PIRs differently (metadata in front matter, bold lines or a table; SEV1, P2 or
//! High; `2026-03-30-slug.md` or `INC-2041-slug.md`; explicit nav or none). Nothing here is
//! one site's convention imposed on another: each fact is the majority of what the site's
//! own files do (ties going to the newest files), or what its template says, and a team that
//! disagrees writes the value in `.pir.toml` at the repository root. `pir profile` prints the
//! profile with where every value came from; `pir profile --write` writes the learnt one for
//! editing.
//!
//! The parts:
//! - `model`: the profile's types, each value a [`Fact`] with its [`Origin`], and how a site's
//!   profile is made (learnt, then overridden).
//! - `learn`: the inference of each fact from the site's PIRs and template.
//! - `learn_site`: the facts learnt from around the PIRs: the nav, the git branches and the
//!   pages that list the PIRs.
//! - `tally`: the counting every inference shares (the majority, ties to the newest).
//! - `overrides`: `.pir.toml`: where it is, reading it, applying it, writing it.
//! - `describe`: the profile as the lines `pir profile` prints.
//! - `naming`: the names the profile gives: a new PIR's file name, a PIR's branch.

mod describe;
mod learn;
mod learn_site;
mod model;
mod naming;
mod overrides;
mod tally;

pub use crate::site::slug::{fits, name_shape};
pub(crate) use learn::section_identity;
pub use model::{Fact, NavPolicy, Origin, PROFILE_FILE, SiteProfile, severity_scale};
pub use overrides::{Overrides, overrides_path, overrides_text, parse_overrides};
pub(crate) use overrides::{key_line, overrides_path_in};
