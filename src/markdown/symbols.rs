//! TEMPORARY compile shim, replaced by the adapter.
use super::Spanned;
use crate::symbol::{Kind, Recogniser};
pub struct SymbolLinks<'r> {
    pub recogniser: &'r Recogniser,
    pub undocs_segment: &'r str,
    pub decision_url: Option<&'r str>,
    pub lang: &'r str,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub symbol: String,
    pub kind: Kind,
    pub offset: usize,
}
pub fn link<'a, 'r>(
    events: impl Iterator<Item = Spanned<'a>> + 'r,
    _links: &'r SymbolLinks<'r>,
    _cited: &'r std::cell::RefCell<Vec<Citation>>,
) -> impl Iterator<Item = Spanned<'a>> + 'r
where
    'a: 'r,
{
    events
}
