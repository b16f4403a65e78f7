//! The case list of the review screen as one type: every reference of the round, the
//! rows read so far, the queue (what passes the filter), the selection and the rows in
//! view. A round of any size opens at once: rows are read when shown, or when a filter
//! needs them all. What is in view follows the selection and the window's height, set
//! by actions and resizes, never while drawing.

use std::ops::Range;

use crate::service::{CaseRow, ListFilter, RowKeys, Session};

#[derive(Default)]
pub struct CaseList {
    /// Every case of the round, by reference, in order: the index only.
    refs: Vec<String>,
    /// The list line of each case in `refs`, once read, with its text folded for the
    /// filter (folded once, not on every key press). Boxed, so a row not read costs a
    /// pointer.
    rows: Vec<Option<Box<(CaseRow, RowKeys)>>>,
    /// Positions in `refs` that pass the filter: the review queue.
    queue: Vec<usize>,
    /// Position in `queue`.
    selected: usize,
    /// The first position of `queue` in view.
    offset: usize,
    /// How many rows the list shows.
    height: usize,
    /// Where reading ahead goes on: rows before it have been looked at.
    read_ahead_at: usize,
    /// Each network's name and its folded id and name, by id: folded once for its rows.
    network_keys: std::collections::HashMap<String, (Option<String>, String)>,
    /// How many rows have been read.
    read: usize,
    /// The queue was filtered over the rows read so far while some were not: rows
    /// read later join it as they arrive (see [`CaseList::requeue_partial`]).
    partial: bool,
}

impl CaseList {
    pub fn new(refs: Vec<String>) -> CaseList {
        CaseList {
            rows: vec![None; refs.len()],
            queue: (0..refs.len()).collect(),
            refs,
            selected: 0,
            offset: 0,
            height: 30,
            read_ahead_at: 0,
            network_keys: std::collections::HashMap::new(),
            read: 0,
            partial: false,
        }
    }

    /// Reads up to `chunk` rows not read yet, in order; whether any were left to read.
    /// The screen calls this while idle, so a filter typed later finds every row read
    /// instead of reading the whole round on its first key.
    pub fn read_ahead(&mut self, service: &dyn Session, chunk: usize) -> bool {
        self.read_next(service, chunk).is_some()
    }

    /// [`CaseList::read_ahead`] under a filter typed before every row was read: the
    /// rows read join the queue where they pass it.
    pub fn read_ahead_filtered(
        &mut self,
        service: &dyn Session,
        chunk: usize,
        filter: &ListFilter,
    ) -> bool {
        let Some(read) = self.read_next(service, chunk) else {
            return false;
        };
        if self.partial {
            self.join_queue(&read, filter);
        }
        true
    }

    /// Reads up to `chunk` rows after the read-ahead point; the positions read, or
    /// `None` when every row had been looked at.
    fn read_next(&mut self, service: &dyn Session, chunk: usize) -> Option<Vec<usize>> {
        let total = self.refs.len();
        if self.read_ahead_at >= total {
            return None;
        }
        let from = self.read_ahead_at;
        let to = (from + chunk).min(total);
        self.read_ahead_at = to;
        // A failure here is met again, and said, where the rows are needed.
        Some(self.read_rows(service, from..to).unwrap_or_default())
    }

    /// Rows just read, merged into a partial queue in order where they pass the
    /// filter; the selection stays on its case.
    fn join_queue(&mut self, read: &[usize], filter: &ListFilter) {
        let joining: Vec<usize> = read
            .iter()
            .copied()
            .filter(|&i| self.passes(i, filter))
            .collect();
        if !joining.is_empty() {
            let keep = self.selected_reference().map(str::to_string);
            let mut merged = Vec::with_capacity(self.queue.len() + joining.len());
            let (mut a, mut b) = (self.queue.iter().peekable(), joining.iter().peekable());
            while let (Some(&&x), Some(&&y)) = (a.peek(), b.peek()) {
                if x <= y {
                    merged.push(x);
                    a.next();
                } else {
                    merged.push(y);
                    b.next();
                }
            }
            merged.extend(a);
            merged.extend(b);
            merged.dedup();
            self.queue = merged;
            match keep {
                Some(reference) => {
                    self.select_reference(&reference);
                }
                None => self.select(0),
            }
        }
        self.partial = self.unread();
    }

    /// Some rows were never read: a partial queue may still grow.
    fn unread(&self) -> bool {
        self.read_ahead_at < self.refs.len() && self.read < self.refs.len()
    }

    /// Whether the row at this position of `refs` is read and passes the filter.
    fn passes(&self, i: usize, filter: &ListFilter) -> bool {
        self.rows[i]
            .as_deref()
            .is_some_and(|(row, keys)| filter.matches_keyed(row, keys))
    }

    /// The queue holds only the rows read so far that pass the filter: more may join.
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// How many rows have been read, of [`CaseList::total`].
    pub fn rows_read(&self) -> usize {
        self.read
    }

    /// Cases in the round.
    pub fn total(&self) -> usize {
        self.refs.len()
    }

    /// Cases in the queue.
    pub fn len(&self) -> usize {
        self.queue.len()
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// The references in the queue, in order.
    pub fn references(&self) -> impl Iterator<Item = &str> {
        self.queue.iter().map(|&i| self.refs[i].as_str())
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn height(&self) -> usize {
        self.height
    }

    pub fn selected_reference(&self) -> Option<&str> {
        self.reference_at(self.selected)
    }

    /// The reference at a position of the queue.
    pub fn reference_at(&self, position: usize) -> Option<&str> {
        self.queue.get(position).map(|&i| self.refs[i].as_str())
    }

    /// The row at a position of the queue, if it has been read.
    pub fn row_at(&self, position: usize) -> Option<&CaseRow> {
        self.queue
            .get(position)
            .and_then(|&i| self.rows.get(i))
            .and_then(Option::as_deref)
            .map(|(row, _)| row)
    }

    /// The positions of the queue in view.
    pub fn visible(&self) -> Range<usize> {
        let from = self.offset.min(self.queue.len());
        from..(from + self.height).min(self.queue.len())
    }

    /// Selects a position of the queue (clamped), scrolling it into view.
    pub fn select(&mut self, position: usize) {
        self.selected = position.min(self.queue.len().saturating_sub(1));
        self.scroll_into_view();
    }

    /// Selects a case by reference; whether it is in the queue.
    pub fn select_reference(&mut self, reference: &str) -> bool {
        match self.queue.iter().position(|&i| self.refs[i] == reference) {
            Some(at) => {
                self.select(at);
                true
            }
            None => false,
        }
    }

    /// The window's list has this many rows.
    pub fn set_height(&mut self, height: usize) {
        self.height = height.max(1);
        self.scroll_into_view();
    }

    /// Keeps the scroll position while the selection is in view; a taller window shows
    /// the queue's end rather than empty rows after it.
    fn scroll_into_view(&mut self) {
        let len = self.queue.len();
        self.offset = self.offset.min(len.saturating_sub(self.height));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + self.height {
            self.offset = self.selected + 1 - self.height;
        }
    }

    /// A row with its text folded for the filter.
    fn keyed(&mut self, row: CaseRow) -> Box<(CaseRow, RowKeys)> {
        let known = self
            .network_keys
            .get(&row.network)
            .filter(|(name, _)| *name == row.network_name);
        let keys = if let Some((_, network)) = known {
            RowKeys::with_network(&row, network)
        } else {
            let network = RowKeys::network_of(&row);
            let keys = RowKeys::with_network(&row, &network);
            self.network_keys
                .insert(row.network.clone(), (row.network_name.clone(), network));
            keys
        };
        Box::new((row, keys))
    }

    /// Reads the rows of these positions of `refs` that are not read yet.
    /// Returns the positions read.
    fn read_rows(
        &mut self,
        service: &dyn Session,
        indexes: impl Iterator<Item = usize>,
    ) -> crate::error::Result<Vec<usize>> {
        let missing: Vec<usize> = indexes
            .filter(|&i| matches!(self.rows.get(i), Some(None)))
            .collect();
        // In chunks, so a server's answers stay small.
        for chunk in missing.chunks(crate::service::MAX_ROWS) {
            let references = chunk.iter().map(|&i| self.refs[i].clone()).collect();
            for (&i, row) in chunk.iter().zip(service.rows(references)?) {
                if let Some(row) = row {
                    self.rows[i] = Some(self.keyed(row));
                    self.read += 1;
                }
            }
        }
        Ok(missing)
    }

    /// Reads the rows the list can show around the selection (a screen above and below
    /// it, where it may scroll next).
    pub fn read_visible(&mut self, service: &dyn Session) -> crate::error::Result<()> {
        let height = self.height.max(10);
        let from = self.offset.min(self.selected).saturating_sub(height);
        let to = (self.selected.max(self.offset) + 2 * height).min(self.queue.len());
        let indexes: Vec<usize> = self.queue[from.min(to)..to].to_vec();
        self.read_rows(service, indexes.into_iter()).map(drop)
    }

    /// A changed case's row: replaced, or added in order when it is new to the round.
    pub fn put(&mut self, reference: String, row: CaseRow) {
        match self.refs.binary_search(&reference) {
            Ok(at) => {
                if self.rows[at].is_none() {
                    self.read += 1;
                }
                self.rows[at] = Some(self.keyed(row));
            }
            Err(at) => {
                self.refs.insert(at, reference);
                let row = self.keyed(row);
                self.rows.insert(at, Some(row));
                self.read += 1;
                if self.read_ahead_at > at {
                    self.read_ahead_at += 1;
                }
                for i in &mut self.queue {
                    if *i >= at {
                        *i += 1;
                    }
                }
            }
        }
    }

    /// Recomputes the queue for a filter, keeping the selection on `keep` where it is
    /// still in it. With `sticky`, `keep` stays in the queue even when a change took it
    /// out of the filter (a `state:received` case becomes under review at the first
    /// check): it leaves when the adviser moves on.
    pub fn requeue(
        &mut self,
        service: &dyn Session,
        filter: &ListFilter,
        keep: Option<&str>,
        sticky: bool,
    ) -> crate::error::Result<()> {
        if !filter.selects_by_round_only() {
            // A filter looks at every case: read the rows not read yet, once.
            self.read_rows(service, 0..self.refs.len())?;
            self.read_ahead_at = self.refs.len();
        }
        self.filter_read(filter, keep, sticky);
        Ok(())
    }

    /// [`CaseList::requeue`] while the filter is being typed: reads at most `budget`
    /// more rows, then filters the rows read so far, so a key press on a large round
    /// never waits for all of it. Rows read later join the queue
    /// ([`CaseList::read_ahead_filtered`]) until it is whole.
    pub fn requeue_partial(
        &mut self,
        service: &dyn Session,
        filter: &ListFilter,
        keep: Option<&str>,
        budget: usize,
    ) {
        if !filter.selects_by_round_only() {
            let _ = self.read_next(service, budget);
        }
        self.filter_read(filter, keep, false);
    }

    /// The queue from the rows read, selection kept on `keep` where it can be.
    fn filter_read(&mut self, filter: &ListFilter, keep: Option<&str>, sticky: bool) {
        if filter.selects_by_round_only() {
            self.queue = (0..self.refs.len()).collect();
            self.partial = false;
        } else {
            let stays = |i: usize| sticky && Some(self.refs[i].as_str()) == keep;
            self.queue = (0..self.refs.len())
                .filter(|&i| self.passes(i, filter) || stays(i))
                .collect();
            self.partial = self.unread();
        }
        let at = keep
            .and_then(|r| self.queue.iter().position(|&i| self.refs[i] == r))
            .unwrap_or(self.selected);
        self.select(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: usize) -> CaseList {
        CaseList::new((0..n).map(|i| format!("C-{i:03}")).collect())
    }

    #[test]
    fn the_view_follows_the_selection_and_keeps_its_place() {
        let mut l = list(100);
        l.set_height(10);
        assert_eq!(l.visible(), 0..10);
        l.select(15);
        assert_eq!(l.visible(), 6..16, "the selection is the last row in view");
        l.select(10);
        assert_eq!(l.visible(), 6..16, "moving within the view does not scroll");
        l.select(2);
        assert_eq!(l.visible(), 2..12);
        l.select(1000);
        assert_eq!(l.selected(), 99);
        assert_eq!(l.visible(), 90..100);
    }

    #[test]
    fn a_taller_window_shows_the_end_of_the_queue_not_empty_rows() {
        let mut l = list(30);
        l.set_height(10);
        l.select(29);
        assert_eq!(l.visible(), 20..30);
        l.set_height(25);
        assert_eq!(l.visible(), 5..30, "no empty rows after the last case");
        l.set_height(40);
        assert_eq!(l.visible(), 0..30);
    }

    #[test]
    fn an_empty_list_has_nothing_in_view() {
        let mut l = list(0);
        l.select(3);
        assert_eq!(l.visible(), 0..0);
        assert_eq!(l.selected_reference(), None);
    }
}
