//! Prose: a section's body (or a run of sections) replaced as a whole, and the questions
//! and answers of a "5 whys" chain.

use std::ops::Range;

use super::Splice;
use super::plan::{Planner, out_of_range};
use crate::doc::invalid;
use crate::doc::parse;
use crate::error::Result;

impl<'a> Planner<'a> {
    pub(super) fn replace_section(
        &self,
        section: usize,
        last: usize,
        body: &str,
    ) -> Result<Vec<Splice>> {
        let count = self.ix.headings.len();
        let h = self
            .ix
            .headings
            .get(section)
            .ok_or_else(|| out_of_range("section", section, count))?;
        let body_end = self
            .ix
            .headings
            .get(last)
            .ok_or_else(|| out_of_range("section", last, count))?
            .body_end;
        if last < section {
            return Err(invalid(format!(
                "section range {section}..={last}: the last section comes before the first"
            )));
        }
        let eol = self.eol();
        let mut new = with_eol(body, eol);
        if self.text.get(h.end..body_end).map(parse::to_lf) == Some(with_eol(body, "\n")) {
            return Ok(Vec::new());
        }
        if !new.is_empty() {
            if !self.text[h.start..h.end].ends_with('\n') {
                new.insert_str(0, eol);
            }
            if body_end < self.text.len() && !new.ends_with('\n') {
                new.push_str(eol);
            }
        }
        Ok(vec![(h.end..body_end, new)])
    }

    pub(super) fn how_step(&self, chain: usize, step: usize) -> Result<(usize, Range<usize>)> {
        let c = self
            .ix
            .chains
            .get(chain)
            .ok_or_else(|| out_of_range("how chain", chain, self.ix.chains.len()))?;
        c.steps
            .get(step)
            .cloned()
            .ok_or_else(|| out_of_range("how step", step, c.steps.len()))
    }

    pub(super) fn set_how_answer(
        &self,
        chain: usize,
        step: usize,
        answer: &str,
    ) -> Result<Vec<Splice>> {
        let (hi, span) = self.how_step(chain, step)?;
        let eol = self.eol();
        let answer = answer.trim_end_matches(['\n', '\r']);
        let current = parse::to_lf(&self.text[span.clone()]);
        if current == with_eol(answer, "\n") {
            return Ok(Vec::new());
        }
        let new = with_eol(answer, eol);
        if !span.is_empty() || new.is_empty() {
            return Ok(vec![(span, new)]);
        }
        let h = &self.ix.headings[hi];
        let rest = &self.text[h.end..];
        let s = if !self.text[h.start..h.end].ends_with('\n') {
            format!("{eol}{eol}{new}")
        } else if rest.starts_with(['\n', '\r']) {
            format!("{eol}{new}{eol}")
        } else {
            format!("{eol}{new}{eol}{eol}")
        };
        Ok(vec![(h.end..h.end, s)])
    }
}

/// `\n` (or `\r\n`) line endings as `eol`.
fn with_eol(s: &str, eol: &str) -> String {
    let lf = s.replace("\r\n", "\n");
    if eol == "\n" {
        lf
    } else {
        lf.replace('\n', eol)
    }
}
