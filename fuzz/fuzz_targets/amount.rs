//! The amount parser: never panics, and what it accepts comes back the same through
//! both the plain form (JSON, storage) and the shown form (`1 350 000 kr`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilskudd::domain::Money;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(money) = Money::parse(text) {
        assert_eq!(
            Money::parse(&money.plain()),
            Ok(money),
            "plain form of {text:?}"
        );
        assert_eq!(
            Money::parse(&money.to_string()),
            Ok(money),
            "shown form of {text:?}"
        );
    }
});
