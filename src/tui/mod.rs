//! The review screen (ratatui + crossterm): a synchronous loop that reads keys, turns
//! them into actions, lets the [`app::App`] carry them out through the service, and
//! draws. Others' changes are noticed by polling the store's change counter.
//!
//! Terminal care: the terminal is restored on exit and on panic (ratatui's hook); SIGHUP
//! (a dropped SSH connection) and SIGTERM end the loop cleanly from a signal-hook flag,
//! keeping a note or reason being typed as a draft (crossterm spins at 100% CPU if
//! SIGHUP is ignored: crossterm issue 793); Ctrl-Z suspends and `fg` redraws.

pub mod action;
pub mod app;
pub mod draft;
mod forms;
pub mod input;
pub mod keymap;
pub mod popup;
pub mod view;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};

use crate::error::{Error, Result};
use crate::i18n::Texts;
use crate::service::Session;
use action::Action;
use app::App;
use view::Screen;
use view::theme::Theme;

/// How often an idle screen looks for others' changes.
const POLL_CHANGES: Duration = Duration::from_millis(400);

/// Signals that end or resume the program.
///
/// SIGHUP and SIGTERM go to a thread of their own: on a hung-up terminal crossterm's
/// `poll` can spin without returning (crossterm issue 793), so the loop might never see
/// a flag. The thread gives the loop a moment to end by itself; if it does not, the
/// thread waits until no command is running (`busy`), saves the draft the loop last
/// published, and ends the process. Nothing acknowledged is lost: every change is
/// committed before its command returns.
struct Signals {
    terminate: Arc<AtomicBool>,
    resumed: Arc<AtomicBool>,
    /// Held while a command or query runs.
    busy: Arc<Mutex<()>>,
    /// The form text that would be lost, as of the last key.
    draft: Arc<Mutex<Option<draft::Draft>>>,
}

/// How long the loop gets to end by itself after SIGHUP or SIGTERM.
const GRACE: Duration = Duration::from_millis(300);

impl Signals {
    fn register(draft_path: Option<PathBuf>) -> std::io::Result<Signals> {
        use signal_hook::consts::{SIGCONT, SIGHUP, SIGTERM};
        let signals = Signals {
            terminate: Arc::new(AtomicBool::new(false)),
            resumed: Arc::new(AtomicBool::new(false)),
            busy: Arc::new(Mutex::new(())),
            draft: Arc::new(Mutex::new(None)),
        };
        signal_hook::flag::register(SIGCONT, Arc::clone(&signals.resumed))?;
        let mut incoming = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM])?;
        let (terminate, busy, draft) = (
            Arc::clone(&signals.terminate),
            Arc::clone(&signals.busy),
            Arc::clone(&signals.draft),
        );
        std::thread::spawn(move || {
            if incoming.forever().next().is_some() {
                terminate.store(true, Ordering::SeqCst);
                std::thread::sleep(GRACE);
                let _idle = busy.lock();
                let draft = draft.lock().ok().and_then(|d| d.clone());
                if let (Some(draft), Some(path)) = (draft, &draft_path) {
                    let _ = draft::save(path, &draft);
                }
                std::process::exit(0);
            }
        });
        Ok(signals)
    }
}

fn io_error(e: &std::io::Error) -> Error {
    Error::Output {
        path: "terminal".into(),
        message: e.to_string(),
    }
}

/// Runs the review screen until the user quits or a signal ends it.
/// Runs the review screen on a session until the user quits. `place` (the database file
/// or the server's socket) names the draft kept for this user there.
pub fn run(service: &dyn Session, t: &'static dyn Texts, place: &Path) -> Result<()> {
    let actor = service.who();
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Error::NotATerminal);
    }
    let mut app = App::new(service, t)?;
    let draft_path = draft::draft_path(place, actor);
    match &draft_path {
        Some(path) => {
            if let Some(draft) = draft::take(path) {
                app.popup = Some(popup::Popup::Draft { draft });
            }
        }
        None => app.info(t.tui().no_drafts.to_string()),
    }
    let signals = Signals::register(draft_path.clone()).map_err(|e| io_error(&e))?;
    let mut terminal = ratatui::try_init().map_err(|e| io_error(&e))?;
    let theme = Theme::from_env();
    let outcome = event_loop(&mut terminal, service, &mut app, &signals, theme);
    // Whatever ended the loop, a form's text is kept for next time.
    if let (Some(draft), Some(path)) = (forms::draft_of(&app), &draft_path) {
        let _ = draft::save(path, &draft);
    }
    ratatui::restore();
    outcome
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    service: &dyn Session,
    app: &mut App,
    signals: &Signals,
    theme: Theme,
) -> Result<()> {
    let mut last_poll = Instant::now();
    loop {
        if signals.terminate.load(Ordering::Relaxed) {
            return Ok(());
        }
        if signals.resumed.swap(false, Ordering::Relaxed) {
            resume(terminal)?;
        }
        // A resized window may show rows not read yet.
        if let Err(e) = app.read_visible(service) {
            app.error(&e);
        }
        terminal
            .draw(|frame| frame.render_widget(Screen { app, theme }, frame.area()))
            .map_err(|e| io_error(&e))?;
        // A terminal that went away (SSH dropped) makes reads fail: end cleanly.
        let Ok(ready) = event::poll(Duration::from_millis(100)) else {
            return Ok(());
        };
        if ready {
            let Ok(event) = event::read() else {
                return Ok(());
            };
            if let Event::Key(key) = event
                && let Some(action) = keymap::map_key(app.key_context(), key)
            {
                match action {
                    Action::Suspend => suspend(terminal)?,
                    Action::Redraw => terminal.clear().map_err(|e| io_error(&e))?,
                    action => {
                        let _busy = signals.busy.lock();
                        app.apply(service, action);
                    }
                }
                // Publish the form's text for the signal thread.
                if let Ok(mut draft) = signals.draft.lock() {
                    *draft = forms::draft_of(app);
                }
            }
            // Resize events need nothing: the next draw uses the new size.
        }
        if app.quit {
            return Ok(());
        }
        if last_poll.elapsed() >= POLL_CHANGES {
            let _busy = signals.busy.lock();
            app.poll(service);
            last_poll = Instant::now();
        }
    }
}

/// Ctrl-Z: give the terminal back, stop, and take it again after `fg`.
fn suspend(terminal: &mut ratatui::DefaultTerminal) -> Result<()> {
    ratatui::restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP).map_err(|e| io_error(&e))?;
    resume(terminal)
}

fn resume(terminal: &mut ratatui::DefaultTerminal) -> Result<()> {
    crossterm::terminal::enable_raw_mode().map_err(|e| io_error(&e))?;
    crossterm::execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen)
        .map_err(|e| io_error(&e))?;
    terminal.clear().map_err(|e| io_error(&e))
}
#[cfg(test)]
mod tests;
