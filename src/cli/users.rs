//! `tilskudd users add|list|remove`: who may use a server. On a server only an admin
//! may; on a local file its owner may, to set a server's users up before it starts.

use super::args::UsersWhat;
use super::table::{Align, Table};
use super::{emit, emit_json};
use crate::domain::text::safe_line;
use crate::error::Result;
use crate::i18n::{Texts, event_line};
use crate::service::{Command, Session};

pub(super) fn run(what: &UsersWhat, service: &dyn Session, t: &dyn Texts) -> Result<()> {
    let command = match what {
        UsersWhat::List { output } => {
            let users = service.users()?;
            if output.json {
                emit_json(&serde_json::json!({ "users": users }));
            } else {
                emit(&table(t, &users));
            }
            return Ok(());
        }
        UsersWhat::Add { login, role } => Command::AddUser {
            login: login.clone(),
            role: *role,
        },
        UsersWhat::Remove { login } => Command::RemoveUser {
            login: login.clone(),
        },
    };
    let receipt = service.execute(command)?;
    let mut out = String::new();
    for event in &receipt.events {
        out.push_str(&event_line(t, event));
        out.push('\n');
    }
    if out.is_empty() {
        out = format!("{}\n", t.nothing_changed());
    }
    emit(&out);
    Ok(())
}

fn table(t: &dyn Texts, users: &[crate::domain::User]) -> String {
    if users.is_empty() {
        return format!("{}\n", t.no_users());
    }
    let [login, role, by, at] = t.users_heading();
    let mut table = Table::new(&[
        (login, Align::Left),
        (role, Align::Left),
        (by, Align::Left),
        (at, Align::Left),
    ]);
    for user in users {
        table.row(vec![
            safe_line(&user.login).into_owned(),
            format!("{} ({})", user.role.as_str(), t.user_role(user.role)),
            safe_line(&user.added_by).into_owned(),
            t.datetime(user.added_at),
        ]);
    }
    table.render("")
}
