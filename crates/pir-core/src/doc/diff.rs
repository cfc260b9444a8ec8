//! Turning an edited model into edits.

use super::Document;
use super::model::PirModel;
use crate::error::Result;

/// Applies to `doc` the edits that make its model equal `edited` (editable fields only).
pub(crate) fn apply_model(_doc: &mut Document, _edited: &PirModel) -> Result<()> {
    Ok(())
}
