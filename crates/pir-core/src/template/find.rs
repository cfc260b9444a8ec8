//! Telling a template page: a file named like one (`*template*.md`, a `templates/` folder),
//! and the `## Template` fenced block a guide page holds.

use std::path::Path;

/// Whether `path` is a template by its name: `*template*.md`, or any page of a folder whose
/// name holds `template` (`templates/`, `doc-templates/`).
pub(crate) fn is_template_file(path: &Path) -> bool {
    let named = |p: Option<&std::ffi::OsStr>| {
        p.is_some_and(|n| n.to_string_lossy().to_lowercase().contains("template"))
    };
    named(path.file_name()) || named(path.parent().and_then(Path::file_name))
}

/// Lines with whether each is inside a fenced code block (fence lines included).
pub(crate) fn fenced_lines(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in text.lines() {
        let t = line.trim_start();
        let marker = t.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = marker.map_or(0, |m| t.chars().take_while(|c| *c == m).count());
        match (fence, marker) {
            (None, Some(m)) if run >= 3 => {
                fence = Some((m, run));
                out.push((line, true));
            }
            (Some((m, n)), Some(c))
                if c == m && run >= n && t.trim_end().chars().all(|x| x == m) =>
            {
                fence = None;
                out.push((line, true));
            }
            _ => out.push((line, fence.is_some())),
        }
    }
    out
}

pub(crate) fn heading_of(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    let rest = line.get(level..)?;
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with(' ')))
        .then(|| (level, rest.trim()))
}

/// The fenced block under a `## Template` heading, with escaped inner fences (`` \`\`\` ``)
/// turned back into real ones.
pub fn extract_template(page: &str) -> Option<String> {
    let lines = fenced_lines(page);
    let start = lines.iter().position(|(l, fenced)| {
        !fenced
            && heading_of(l).is_some_and(|(lv, t)| lv == 2 && t.eq_ignore_ascii_case("template"))
    })?;
    let open = (start + 1..lines.len()).find(|&i| {
        let t = lines[i].0.trim_start();
        t.starts_with("```") || t.starts_with("~~~")
    })?;
    let fence_line = lines[open].0.trim_start();
    let marker = fence_line.chars().next()?;
    let run = fence_line.chars().take_while(|c| *c == marker).count();
    let mut body = String::new();
    for (line, _) in &lines[open + 1..] {
        let t = line.trim();
        if t.chars().all(|c| c == marker) && t.len() >= run {
            return Some(body);
        }
        let unescaped = line.replace("\\`\\`\\`", "```");
        body.push_str(&unescaped);
        body.push('\n');
    }
    None
}
