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
pub mod input;
pub mod keys;
pub mod popups;
pub mod queue;
pub mod view;
mod writes;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};
use ratatui::buffer::Buffer;
use ratatui::widgets::Widget;

use crate::error::{Error, Result};
use crate::i18n::Texts;
use crate::service::Session;
use action::Action;
use app::App;
use view::Screen;
use view::theme::Theme;

/// How often an idle screen looks for others' changes.
const POLL_CHANGES: Duration = Duration::from_millis(400);

/// Keys handled at most between two frames.
const KEYS_PER_FRAME: usize = 64;

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
        let ending = Ending {
            terminate,
            busy,
            draft,
            draft_path,
        };
        let on_signal = ending.clone();
        std::thread::spawn(move || {
            if incoming.forever().next().is_some() {
                on_signal.end();
            }
        });
        // A terminal can go away without a signal (a screen started without a
        // controlling terminal, `setsid`): its hang-up is watched for too.
        std::thread::spawn(move || {
            if terminal_hung_up() {
                ending.end();
            }
        });
        Ok(signals)
    }
}

/// What ending the program on a hang-up or a signal needs, shared by the threads that
/// notice one.
#[derive(Clone)]
struct Ending {
    terminate: Arc<AtomicBool>,
    busy: Arc<Mutex<()>>,
    draft: Arc<Mutex<Option<draft::Draft>>>,
    draft_path: Option<PathBuf>,
}

impl Ending {
    /// Lets the loop end by itself; if it has not after a moment, waits for the
    /// command under way, keeps the draft, and ends the process.
    fn end(&self) {
        self.terminate.store(true, Ordering::SeqCst);
        std::thread::sleep(GRACE);
        let _idle = self.busy.lock();
        let draft = self.draft.lock().ok().and_then(|d| d.clone());
        if let (Some(draft), Some(path)) = (draft, &self.draft_path) {
            let _ = draft::save(path, &draft);
        }
        std::process::exit(0);
    }
}

/// The locale the terminal is set up for, where it says it is not UTF-8 (`LANG=C`,
/// `nb_NO.ISO-8859-1`): the screen's æøå would be garbled and could not be typed.
/// Nothing where no locale is set at all.
fn non_utf8_locale() -> Option<String> {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())?;
    let lower = locale.to_ascii_lowercase();
    (!lower.contains("utf-8") && !lower.contains("utf8")).then_some(locale)
}

/// Waits until the terminal on standard input hangs up (or reads end-of-file), and
/// says so. It wakes only for that: no input is read here.
fn terminal_hung_up() -> bool {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::os::fd::AsFd;
    let stdin = std::io::stdin();
    loop {
        let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::empty())];
        match poll(&mut fds, PollTimeout::NONE) {
            Ok(_) => {
                let gone = PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL;
                if fds[0].revents().is_some_and(|r| r.intersects(gone)) {
                    return true;
                }
            }
            Err(nix::errno::Errno::EINTR) => {}
            Err(_) => return true,
        }
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
            if let Some(draft) = draft::load(path) {
                app.popup = Some(popups::Popup::Draft(popups::DraftOffer { draft }));
            }
        }
        None => app.info(t.tui().no_drafts.to_string()),
    }
    app.draft_path.clone_from(&draft_path);
    if let Some(locale) = non_utf8_locale() {
        app.error_text(t.tui().not_utf8(&locale));
    }
    let signals = Signals::register(draft_path.clone()).map_err(|e| io_error(&e))?;
    let mut terminal = ratatui::try_init().map_err(|e| io_error(&e))?;
    let theme = Theme::from_env();
    let outcome = event_loop(&mut terminal, service, &mut app, &signals, theme);
    // Whatever ended the loop, a form's text is kept for next time.
    if let (Some(draft), Some(path)) = (app.draft(), &draft_path) {
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
    // What the terminal shows: a frame is drawn only when it differs, so an idle
    // screen writes nothing (over SSH: no packets, and idle-logout policies work).
    let mut shown: Option<Buffer> = None;
    loop {
        if signals.terminate.load(Ordering::Relaxed) {
            return Ok(());
        }
        if signals.resumed.swap(false, Ordering::Relaxed) {
            resume(terminal)?;
            shown = None;
        }
        // The list follows the window's height, and reads the rows it shows.
        let size = terminal.size().map_err(|e| io_error(&e))?;
        let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
        app.fit(area, view::list_rows(app, area));
        app.read_visible(service);
        let mut frame = Buffer::empty(area);
        Screen { app, theme }.render(area, &mut frame);
        if shown.as_ref() != Some(&frame) {
            terminal
                .draw(|f| f.render_widget(Screen { app, theme }, f.area()))
                .map_err(|e| io_error(&e))?;
            shown = Some(frame);
        }
        // While no key waits, read the round's rows ahead, a chunk at a time: a filter
        // typed later then answers from rows already read.
        if matches!(event::poll(Duration::ZERO), Ok(false)) && app.read_ahead(service) {
            continue;
        }
        // Sleep until a key, or until it is time to look for others' changes.
        let wait = POLL_CHANGES.saturating_sub(last_poll.elapsed());
        // A terminal that went away (SSH dropped) makes reads fail: end cleanly.
        let Ok(ready) = event::poll(wait) else {
            return Ok(());
        };
        // Every key already waiting is handled before the next frame (typed fast, or
        // pasted: one frame for them all, not one each), up to a bound so the screen
        // still follows a stream that never pauses.
        let mut handled = 0;
        while ready && handled < KEYS_PER_FRAME {
            let Ok(event) = event::read() else {
                return Ok(());
            };
            handled += 1;
            if let Event::Key(key) = event
                && let Some(action) = keys::map_key(app.key_context(), key)
            {
                match action {
                    Action::Suspend => suspend(terminal)?,
                    Action::Redraw => {
                        terminal.clear().map_err(|e| io_error(&e))?;
                        shown = None;
                    }
                    action => {
                        let _busy = signals.busy.lock();
                        app.apply(service, action);
                    }
                }
                // Publish the form's text for the signal thread.
                if let Ok(mut draft) = signals.draft.lock() {
                    *draft = app.draft();
                }
            }
            // Resize events need nothing: the next draw uses the new size.
            if app.quit || !matches!(event::poll(Duration::ZERO), Ok(true)) {
                break;
            }
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
mod gallery;
#[cfg(test)]
mod tests;
