//! The site's metrics from its PIRs: incidents per month (gaps filled), per severity on the
//! site's scale and per tag, the spreads of the measured times, and open action items by
//! owner and age.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::measure::measure;
use super::report::{
    AgeBucket, AgeBucketLabel, Count, Durations, NotMeasurable, OpenAction, OwnerActions, PirStat,
    SiteStats, Spread, UNASSIGNED, UNSPECIFIED,
};
use crate::actions::action_items;
use crate::doc::{PirModel, first_date};
use crate::severity::{self, SeverityBadge, SeverityScale};

/// The level of a PIR's severity as the site spells it (`High` from `high (customer
/// impact)` on a site that writes `High`), or [`UNSPECIFIED`].
fn severity_group(scale: &SeverityScale, model: &PirModel) -> String {
    match model.severity.as_deref().map(severity::level) {
        Some(l) if !l.is_empty() => scale.spell(l),
        _ => UNSPECIFIED.to_string(),
    }
}

/// The metrics of `pirs` (path relative to the docs folder, model), ages counted to `today`,
/// on the severity scale the PIRs use.
pub fn compute(pirs: &[(String, PirModel)], today: NaiveDate) -> SiteStats {
    let scale = SeverityScale::learn(pirs.iter().filter_map(|(_, m)| m.severity.as_deref()));
    compute_on(pirs, today, &scale)
}

/// [`compute`] on the site's severity `scale` (declared or learnt; see
/// [`crate::site::profile::severity_scale`]): severities are grouped, ordered and coloured
/// by it.
pub fn compute_on(
    pirs: &[(String, PirModel)],
    today: NaiveDate,
    scale: &SeverityScale,
) -> SiteStats {
    // A qualified or ranged Date counts from its first date; the file name's date is the
    // fallback, as in the site list.
    let date_of = |rel: &str, m: &PirModel| {
        m.date.as_deref().and_then(first_date).or_else(|| {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            first_date(name)
        })
    };
    // Per month, filling the gaps.
    let mut months: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    let mut undated = Vec::new();
    for (rel, m) in pirs {
        match date_of(rel, m) {
            Some(d) => *months.entry((d.year(), d.month())).or_default() += 1,
            None => undated.push(rel.clone()),
        }
    }
    let mut per_month = Vec::new();
    if let (Some(first), Some(last)) = (
        months.keys().next().copied(),
        months.keys().next_back().copied(),
    ) {
        let mut at = first;
        while at <= last {
            per_month.push(Count {
                key: format!("{:04}-{:02}", at.0, at.1),
                count: months.get(&at).copied().unwrap_or(0),
            });
            at = if at.1 == 12 {
                (at.0 + 1, 1)
            } else {
                (at.0, at.1 + 1)
            };
        }
    }
    // Severity, tags, durations.
    type Order = (u8, (usize, (u8, u8, String)));
    let mut severities: BTreeMap<Order, (String, Vec<&PirModel>)> = BTreeMap::new();
    let mut tags: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut not_measurable = Vec::new();
    let mut detect_by: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut resolve_by: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut estimated_by: BTreeMap<String, usize> = BTreeMap::new();
    let mut stats = Vec::with_capacity(pirs.len());
    for (rel, m) in pirs {
        let sev = severity_group(scale, m);
        let order = if sev == UNSPECIFIED {
            (1, Default::default())
        } else {
            (0, scale.order(&sev))
        };
        severities
            .entry(order)
            .or_insert_with(|| (sev.clone(), Vec::new()))
            .1
            .push(m);
        let mut seen: Vec<String> = Vec::new();
        let mut kept: Vec<String> = Vec::new();
        for tag in &m.tags {
            let key = tag.trim().to_lowercase();
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            kept.push(tag.trim().to_string());
            tags.entry(key)
                .or_insert_with(|| (tag.trim().to_string(), 0))
                .1 += 1;
        }
        let mut measured = measure(m);
        let date = date_of(rel, m);
        stats.push(PirStat {
            rel: rel.clone(),
            title: m.short_title.clone(),
            date,
            month: date.map(|d| format!("{:04}-{:02}", d.year(), d.month())),
            severity: sev.clone(),
            tags: kept,
            time_to_detect: measured.detect,
            time_to_resolve: measured.resolve,
            resolve_estimated: measured.resolve_estimated.map(str::to_string),
            open_actions: action_items(m).iter().filter(|a| a.open).count(),
        });
        if let Some(v) = measured.detect {
            detect_by.entry(sev.clone()).or_default().push(v);
        }
        if let Some(v) = measured.resolve {
            resolve_by.entry(sev.clone()).or_default().push(v);
            if measured.resolve_estimated.is_some() {
                *estimated_by.entry(sev.clone()).or_default() += 1;
            }
        }
        if let Some(how) = measured.resolve_estimated {
            measured
                .reasons
                .push(format!("time to resolve estimated from {how}"));
        }
        if measured.detect.is_none()
            || measured.resolve.is_none()
            || measured.resolve_estimated.is_some()
        {
            not_measurable.push(NotMeasurable {
                rel: rel.clone(),
                title: m.short_title.clone(),
                detect: measured.detect.is_none(),
                resolve: measured.resolve.is_none(),
                reasons: measured.reasons,
            });
        }
    }
    let by_severity: Vec<Count> = severities
        .values()
        .map(|(name, list)| Count {
            key: name.clone(),
            count: list.len(),
        })
        .collect();
    let severity_badges = by_severity
        .iter()
        .map(|c| match scale.badge(&c.key) {
            Some(b) if c.key != UNSPECIFIED => b,
            _ => SeverityBadge {
                level: c.key.clone(),
                band: None,
            },
        })
        .collect();
    let mut durations: Vec<Durations> = by_severity
        .iter()
        .map(|c| Durations {
            severity: c.key.clone(),
            incidents: c.count,
            time_to_detect: detect_by.get(&c.key).and_then(|v| Spread::of(v)),
            time_to_resolve: resolve_by.get(&c.key).and_then(|v| Spread::of(v)),
            resolve_estimated: estimated_by.get(&c.key).copied().unwrap_or(0),
        })
        .collect();
    let all = |by: &BTreeMap<String, Vec<i64>>| {
        Spread::of(&by.values().flatten().copied().collect::<Vec<_>>())
    };
    durations.push(Durations {
        severity: "All".into(),
        incidents: pirs.len(),
        time_to_detect: all(&detect_by),
        time_to_resolve: all(&resolve_by),
        resolve_estimated: estimated_by.values().sum(),
    });
    let mut by_tag: Vec<Count> = tags
        .into_values()
        .map(|(key, count)| Count { key, count })
        .collect();
    by_tag.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    // Open action items.
    let mut owners: BTreeMap<String, Vec<OpenAction>> = BTreeMap::new();
    for (rel, m) in pirs {
        let age = date_of(rel, m).map(|d| (today - d).num_days());
        for item in action_items(m).into_iter().filter(|i| i.open) {
            owners
                .entry(item.owner.unwrap_or_else(|| UNASSIGNED.to_string()))
                .or_default()
                .push(OpenAction {
                    rel: rel.clone(),
                    line: item.line,
                    action: item.action,
                    status: item.status.unwrap_or_default(),
                    age_days: age,
                    bucket: AgeBucket::of(age),
                });
        }
    }
    let mut open_by_owner: Vec<OwnerActions> = owners
        .into_iter()
        .map(|(owner, mut items)| {
            // Oldest first; undated last.
            items.sort_by(|a, b| {
                b.age_days
                    .cmp(&a.age_days)
                    .then_with(|| a.rel.cmp(&b.rel))
                    .then_with(|| a.line.cmp(&b.line))
            });
            let within = |b: AgeBucket| items.iter().filter(|i| i.bucket == b).count();
            OwnerActions {
                count: items.len(),
                up_to_30_days: within(AgeBucket::UpTo30Days),
                days_31_to_90: within(AgeBucket::Days31To90),
                over_90_days: within(AgeBucket::Over90Days),
                undated: within(AgeBucket::Undated),
                owner,
                items,
            }
        })
        .collect();
    open_by_owner.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| (a.owner == UNASSIGNED).cmp(&(b.owner == UNASSIGNED)))
            .then_with(|| a.owner.cmp(&b.owner))
    });
    SiteStats {
        today,
        incidents: pirs.len(),
        per_month,
        undated,
        by_severity,
        severity_badges,
        by_tag,
        durations,
        not_measurable,
        open_actions: open_by_owner.iter().map(|o| o.count).sum(),
        open_by_owner,
        age_buckets: AgeBucket::ALL
            .iter()
            .map(|&bucket| AgeBucketLabel {
                bucket,
                label: bucket.label().to_string(),
            })
            .collect(),
        pirs: stats,
    }
}
