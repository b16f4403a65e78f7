//! What the screen writes, through the service: commands run and said in the message
//! line, batches over the marked cases, the round's letters and export, the audit check,
//! and undo.

use crate::domain::text::safe_line;
use crate::service::{Command, Session};

use super::app::App;
use super::popups::PathFor;

impl App {
    /// Runs commands for the user and says what changed.
    pub fn execute(&mut self, service: &dyn Session, commands: Vec<Command>) -> bool {
        self.execute_seen(service, commands, None)
    }

    /// [`App::execute`] for commands confirmed on a screen that showed the case as of
    /// event `seen`: the service refuses them if someone changed the case since.
    pub fn execute_seen(
        &mut self,
        service: &dyn Session,
        commands: Vec<Command>,
        mut seen: Option<u64>,
    ) -> bool {
        let mut said = Vec::new();
        for command in commands {
            match service.execute_seen(command, seen) {
                Ok(receipt) => {
                    for event in &receipt.events {
                        said.push(crate::i18n::event_line(self.t, event));
                    }
                    // This user's own changes do not make their view stale.
                    if let (Some(seen), Some(last)) = (seen.as_mut(), receipt.events.last()) {
                        *seen = (*seen).max(last.seq);
                    }
                }
                Err(e) => {
                    self.error(&e);
                    let _ = self.refresh(service);
                    return false;
                }
            }
        }
        let text = said
            .last()
            .cloned()
            .unwrap_or_else(|| self.t.nothing_changed().to_string());
        self.info(text);
        if let Err(e) = self.refresh(service) {
            self.error(&e);
        }
        true
    }

    /// Runs one command per marked case, going on past refusals, and says how it went:
    /// every refusal is in the message log.
    pub fn run_batch(&mut self, service: &dyn Session, commands: Vec<Command>) {
        let total = commands.len();
        let mut refused = Vec::new();
        for command in commands {
            let reference = command.case_reference().unwrap_or_default().to_string();
            if let Err(e) = service.execute(command) {
                refused.push(format!("{}: {}", safe_line(&reference), self.t.error(&e)));
            }
        }
        self.marked.clear();
        let _ = self.refresh(service);
        let done = total - refused.len();
        let summary = self.t.tui().batch_done(done, total);
        if refused.is_empty() {
            self.info(summary);
            return;
        }
        for refusal in &refused {
            self.warn(refusal.clone());
        }
        let text = format!("{summary} {} {}", refused[0], self.t.tui().see_log);
        self.warn(text);
    }

    /// Writes the round's letters to a folder, or its export to a CSV file.
    pub fn write_round(&mut self, service: &dyn Session, purpose: PathFor, path: &str) {
        let Some(round) = self.round_id().map(str::to_string) else {
            return;
        };
        let path = std::path::Path::new(path);
        let shown = path.display().to_string();
        let t = self.t;
        let outcome = match purpose {
            PathFor::Letters(format) => crate::output::write_letters(
                service,
                &round,
                path,
                format,
                crate::letters::LetterKind::Decision,
            )
            .map(|letters| {
                let unsent = crate::output::unsent(&letters);
                t.letters_written(letters.len(), unsent, &shown, &round)
            }),
            PathFor::Export => {
                let format = crate::output::ExportFormat::Csv { delimiter: b';' };
                crate::output::export_to_file(service, &round, format, path)
                    .map(|rows| t.export_written(rows, &shown))
            }
        };
        match outcome {
            Ok(text) => {
                self.info(text);
                let _ = self.refresh(service);
            }
            Err(e) => self.error(&e),
        }
    }

    /// The whole event log checked against the stored state; the head is said in full
    /// (and kept in the message log) to be written down.
    pub fn check_audit(&mut self, service: &dyn Session) {
        match service.verify_audit(None) {
            Ok(report) => match crate::service::audit_outcome(&report) {
                Ok(()) => self.info(self.t.chain_whole(report.events, &report.head)),
                Err(e) => self.error(&e),
            },
            Err(e) => self.error(&e),
        }
    }

    /// `u`: takes back the user's own last change to the case in view, through the
    /// service, which refuses (saying who) when someone else changed the case since, or
    /// it is decided.
    pub(super) fn undo(&mut self, service: &dyn Session) {
        let Some(reference) = self.case.as_ref().map(|c| c.case.reference().to_string()) else {
            self.info(self.t.tui().nothing_to_undo.to_string());
            return;
        };
        let command = Command::Undo {
            reference: reference.clone(),
        };
        match service.execute(command) {
            Ok(receipt) => {
                // The first event names what was taken back; the others are how.
                let how: Vec<String> = receipt
                    .events
                    .iter()
                    .skip(1)
                    .map(|e| self.t.change(&e.change))
                    .collect();
                let text = format!(
                    "{} {}",
                    self.t.tui().undone(&safe_line(&reference)),
                    safe_line(&how.join("; "))
                );
                self.info(text);
            }
            Err(e) => self.error(&e),
        }
        if let Err(e) = self.refresh(service) {
            self.error(&e);
        }
    }
}
