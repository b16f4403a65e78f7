//! `tilskudd demo`: the demo database made (seeded by [`crate::demo`]) and opened on the
//! review screen, or its path printed for scripts.

use std::io::IsTerminal;

use super::Cli;
use super::session::{demo_path, local_identity};
use crate::demo::{holds_only_demo_data, seed};
use crate::error::{Error, Result};
use crate::i18n::Texts;
use crate::service::Service;
use crate::store::Store;

pub fn run_demo(cli: &Cli, t: &'static dyn Texts) -> Result<()> {
    // A demo is a file of its own; a server named on the command line is a mistake,
    // one named by the environment is for real work and is left alone.
    if cli.server_on_command_line {
        return Err(Error::Server(crate::error::ServerProblem::LocalOnly {
            command: "demo".into(),
        }));
    }
    let path = cli
        .db
        .clone()
        .filter(|_| cli.db_on_command_line)
        .unwrap_or_else(demo_path);
    let service = Service::new(Store::open(&path)?);
    if !holds_only_demo_data(&service)? {
        return Err(Error::DemoNotEmpty {
            path: path.display().to_string(),
        });
    }
    seed(&service)?;
    // Scripts and tests get the path; a person at a terminal gets the review screen.
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        let session = crate::service::LocalSession::new(service, &local_identity());
        crate::tui::run(&session, t, &path)?;
        eprintln!("{}", t.demo_ready(&path.display().to_string()));
    } else {
        println!("{}", t.demo_ready(&path.display().to_string()));
    }
    Ok(())
}
