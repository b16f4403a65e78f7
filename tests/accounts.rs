//! Throwaway system users in a group of their own, for what must run as several real
//! users: the server's tests (identity from the kernel) and its bench (writes from many
//! logins). Shared by both: the bench includes this file.

use std::process::Command;

/// Throwaway system users and a group, removed again when dropped. Only root can
/// make them; the tests that need them say so and skip otherwise.
pub struct Accounts {
    pub group: String,
    users: Vec<String>,
}

impl Accounts {
    pub fn create(tag: &str, members: &[&str], outsiders: &[&str]) -> Option<Accounts> {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let tools = ["useradd", "setpriv"]
            .iter()
            .all(|tool| Command::new(tool).arg("--help").output().is_ok());
        if !root || !tools {
            eprintln!("skipped: needs root, useradd and setpriv to create throwaway users");
            return None;
        }
        let suffix = std::process::id() % 100_000;
        let group = format!("tg{tag}{suffix}");
        let ok = |c: &mut Command| c.output().is_ok_and(|o| o.status.success());
        assert!(ok(Command::new("groupadd").arg(&group)), "groupadd {group}");
        let mut accounts = Accounts {
            group: group.clone(),
            users: Vec::new(),
        };
        for (name, in_group) in members
            .iter()
            .map(|m| (m, true))
            .chain(outsiders.iter().map(|o| (o, false)))
        {
            let login = format!("t{name}{suffix}");
            let mut add = Command::new("useradd");
            add.args(["-M", "-s", "/bin/sh"]);
            if in_group {
                add.args(["-G", &group]);
            }
            assert!(ok(add.arg(&login)), "useradd {login}");
            accounts.users.push(login);
        }
        Some(accounts)
    }

    pub fn login(name: &str) -> String {
        let suffix = std::process::id() % 100_000;
        format!("t{name}{suffix}")
    }

    pub fn gid(&self) -> u32 {
        let out = Command::new("getent")
            .args(["group", &self.group])
            .output()
            .unwrap();
        let line = String::from_utf8_lossy(&out.stdout).to_string();
        line.split(':').nth(2).unwrap().parse().unwrap()
    }
}

impl Drop for Accounts {
    fn drop(&mut self) {
        for user in &self.users {
            let _ = Command::new("userdel").arg(user).output();
        }
        let _ = Command::new("groupdel").arg(&self.group).output();
    }
}

/// `id -u` or `id -g` of a test account.
pub fn id_of(flag: &str, name: &str) -> u32 {
    let out = Command::new("id")
        .args([flag, &Accounts::login(name)])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}
