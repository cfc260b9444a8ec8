//! Timeline rows as wholes: adding (a first table for a Timeline section without one),
//! inserting, deleting, moving (within a table or list, or to another) and sorting by time.
//! A new row is written in the style its table or list shares: bold, zone, numbering,
//! separator, a date on every row.
//!
//! A timeline whose only rows are its template's placeholders (`| **~HH:MM** | [Event] |`,
//! `- YYYY-MM-DD HH:MM — First event.`) is a timeline not written yet: its first real row
//! is written in the placeholders' time style (which a new PIR takes from the site's
//! profile, see [`crate::template::follow_site_timeline`]), padded only when it fits the
//! columns so the rows after it are padded alike, and the placeholders go in the same edit
//! ([`crate::doc::Document::apply_all`]), so a new PIR never keeps them.
//!
//! The parts:
//! - `insert`: adding and inserting a row (a first table when the section has none), in a
//!   table or a list, and a row moved in from another block.
//! - `style`: the values and time style a new row takes from its neighbours or the
//!   template's placeholders, and a list's separator.
//! - `reorder`: deleting, moving and sorting rows, and the sort keys and stable order a sort
//!   uses.

mod insert;
mod reorder;
mod style;

pub(super) use style::list_separator;
