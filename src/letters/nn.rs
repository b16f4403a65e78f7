//! Letter texts in nynorsk. `{0}`, `{1}` take values.

use super::{FollowUpWords, Words};

pub static WORDS: Words = Words {
    title: "Vedtak om tilskot – stimuleringsmidlar til læringsnettverk i barnevernet",
    sender: "Avsendar",
    recipient: "Mottakar",
    on_behalf: "{0}, på vegner av {1}",
    municipality: "{0} kommune",
    attention: "Att.",
    copy: "Kopi",
    date: "Vår dato",
    our_reference: "Vår ref.",
    your_reference: "Dykkar ref.",
    application: "Søknad",
    received: "«{0}», motteken {1}",
    org_number: "org.nr. {0}",
    summary_heading: "Om prosjektet",
    decision_heading: "Vedtak",
    approve: "Vi innvilgar søknaden. {0} får {1} i stimuleringsmidlar til prosjektet «{2}». Beløpet fordeler seg slik:",
    partial: "Vi innvilgar søknaden delvis. {0} søkte om {2} og får {1} i stimuleringsmidlar til prosjektet «{3}». Beløpet fordeler seg slik:",
    reject: "Vi avslår søknaden om stimuleringsmidlar til prosjektet «{0}».",
    replaces: "Dette vedtaket erstattar vedtaket vårt av {0} i same sak. Vi har handsama saka på nytt, og det tidlegare vedtaket gjeld ikkje lenger.",
    pot: "Tilskotsordning",
    requested: "Søkt beløp",
    granted: "Innvilga beløp",
    in_all: "Til saman",
    reason_heading: "Grunngiving",
    failed_intro: "Søknaden oppfyller ikkje desse krava i retningslinjene:",
    for_pots: "{0} (gjeld {1})",
    criteria: [
        "Søknaden skal vere komen inn innan søknadsfristen.",
        "Søkjaren skal vere eit registrert læringsnettverk i fylket.",
        "Alle kommunane i søknaden skal vere medlemmer av nettverket.",
        "Søknadsbeløpet skal liggje innanfor ramma for ordninga.",
        "Søknaden skal ha ein plan for kompetanse- og kvalitetsutvikling.",
        "Prosjektet skal vere forankra i leiinga i kvar kommune.",
        "Søknaden skal sendast på søknadsskjemaet.",
        "Eigeninitierte utviklingsprosjekt skal ha med eit kompetansemiljø i prosjektet.",
        "Prosjektet skal vere i tråd med føremålet med den ordninga det blir søkt om midlar frå.",
        "Midlane skal gå til utviklingskostnader, til dømes prosjektstillingar og ekstern kompetanse, ikkje til ordinær drift.",
    ],
    legal_heading: "Heimel",
    legal_basis: "Vedtaket er gjort etter {0}, jf. føresegner om økonomistyring i staten punkt 6.3.",
    legal_call: "Vedtaket er gjort etter {0} og utlysinga datert {1}, jf. føresegner om økonomistyring i staten punkt 6.3.",
    default_guidelines: "retningslinjene for kommunale læringsnettverk og stimuleringsmidlar",
    payment_heading: "Utbetaling",
    payment: "Vi betaler ut tilskotet på {0} til {1}, som tek imot midlane på vegner av nettverket. Utbetalinga skjer så snart vedtaket er sendt.",
    conditions_heading: "Vilkår",
    conditions: [
        "Midlane skal brukast til prosjektet slik det er skildra i søknaden, med dei endringane som følgjer av dette vedtaket, og i tråd med retningslinjene for ordninga.",
        "Midlane skal brukast til utviklingskostnader, til dømes stillingar i prosjektperioden og oppfølging frå eksterne kompetansemiljø (opplæring, kvalitetssikring og evaluering). Dei kan ikkje brukast til ordinær drift.",
    ],
    use_by: "Midlane må vere brukte innan {0}.",
    period_past_use_by: "Prosjektperioden i søknaden går til {0}, men tilskotet må vere brukt innan {1}. Det som ikkje er brukt innan {1}, skal betalast tilbake, med mindre vi etter søknad har forlengt fristen.",
    reporting_heading: "Rapport og rekneskap",
    reporting_due: "Nettverket skal sende sluttrapport og rekneskap for prosjektet til {0} innan {1}.",
    reporting_later: "Nettverket skal sende sluttrapport og rekneskap for prosjektet til {0} innan tre månader etter fristen for å bruke midlane.",
    reporting_content: "Rapporten skal skildre kva som er gjort, kva resultat prosjektet har gitt, og korleis midlane er brukte. Rekneskapen skal vise bruken av midlane post for post og vere stadfesta av den økonomiansvarlege i kommunen som tek imot tilskotet.",
    control_heading: "Kontroll og tilbakebetaling",
    control: "{0} og Riksrevisjonen kan kontrollere at midlane blir brukte etter føresetnadene, jf. løyvingsreglementet § 10 andre ledd. Midlar som ikkje er brukte innan fristen, eller som er brukte i strid med vilkåra, skal betalast tilbake.",
    appeal_heading: "Klagerett",
    appeal: "De kan klage på vedtaket innan tre veker frå de fekk dette brevet, jf. forvaltningslova §§ 28 og 29. Klaga må vere skriftleg og seie kva vedtak de klagar på, og kva endring de ønskjer. De bør også grunngi klaga, jf. forvaltningslova § 32. Send klaga til {0}. Dersom vi ikkje gir dykk medhald, sender vi klaga vidare til {1} for endeleg avgjerd. De har rett til å sjå dokumenta i saka, jf. forvaltningslova §§ 18 og 19.",
    appeal_body: "Barne-, ungdoms- og familiedirektoratet (Bufdir)",
    no_appeal_heading: "Om vedtaket",
    no_appeal: "Tildeling av stimuleringsmidlar etter denne ordninga er ikkje eit enkeltvedtak etter forvaltningslova, og de har difor ikkje klagerett. De kan likevel be {0} om å vurdere vedtaket på nytt.",
    closing: "Med helsing",
    electronic: "Brevet er godkjent elektronisk og har difor inga underskrift.",
    governor: "Statsforvaltaren i {0}",
    governor_before_2021: "Fylkesmannen i {0}",
    months: [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
};

/// Letters after the decision, in nynorsk.
pub static FOLLOW_UP: FollowUpWords = FollowUpWords {
    notice_title: "Varsel om krav om tilbakebetaling av tilskot",
    claim_title: "Vedtak om tilbakebetaling av tilskot",
    reminder_title: "Påminning om sluttrapport og rekneskap",
    grant_reference: "Vi viser til vedtaket vårt av {0} om tilskot på {1} til prosjektet «{2}».",
    accounts: "Etter sluttrapporten og rekneskapen vi fekk {0}, er {1} brukt av dei {2} som er utbetalte.",
    notice: "Vi vurderer difor å krevje tilbake {0} som ikkje er brukt, jf. vilkåra i tilskotsbrevet. Før vi gjer vedtak, kan de uttale dykk om saka innan {1}, jf. forvaltningslova § 16.",
    claim_heading: "Krav",
    claim: "Vi krev tilbakebetalt {0}.",
    payment_heading: "Innbetaling",
    payment: "Beløpet skal betalast til {0} innan {1}. Merk innbetalinga med «{2}».",
    legal: "Kravet byggjer på vilkåra i tilskotsbrevet om at midlar som ikkje er brukte, eller som er brukte i strid med vilkåra, skal betalast tilbake, jf. løyvingsreglementet § 10 og føresegner om økonomistyring i staten punkt 6.3.",
    reminder: "Etter vedtaket vårt av {0} om tilskot til prosjektet «{1}» skulle sluttrapport og rekneskap vore sende til {2} innan {3}. Vi har ikkje fått dei.",
    reminder_request: "Vi ber om at sluttrapport og rekneskap blir sende innan {0}. Kjem dei ikkje, kan vi krevje tilskotet betalt tilbake, jf. vilkåra i tilskotsbrevet.",
};

/// Endings of bokmål job titles and their nynorsk form: a login's title is kept once,
/// as the office writes it in bokmål, and a nynorsk letter signs with the nynorsk form
/// ("seniorrådgiver" → "seniorrådgjevar", "seksjonsleder" → "seksjonsleiar").
const TITLE_ENDINGS: [(&str, &str); 5] = [
    ("rådgiver", "rådgjevar"),
    ("saksbehandler", "sakshandsamar"),
    ("leder", "leiar"),
    ("forvalter", "forvaltar"),
    ("assisterende", "assisterande"),
];

/// A job title in nynorsk, word by word; a word with no known ending is kept as given
/// (titles such as "direktør" and "førstekonsulent" are the same in both forms).
pub fn title(bokmal: &str) -> String {
    bokmal
        .split(' ')
        .map(|word| {
            // A title that opens a line may be capitalised: "Rådgiver" → "Rådgjevar".
            let mut chars = word.chars();
            let first = chars.next().unwrap_or_default();
            let lowered = format!("{}{}", first.to_lowercase(), chars.as_str());
            let Some(nynorsk) = TITLE_ENDINGS.iter().find_map(|(from, to)| {
                lowered.strip_suffix(from).map(|stem| format!("{stem}{to}"))
            }) else {
                return word.to_string();
            };
            if first.is_uppercase() {
                let mut chars = nynorsk.chars();
                let head = chars.next().unwrap_or_default();
                format!("{}{}", head.to_uppercase(), chars.as_str())
            } else {
                nynorsk
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::title;

    #[test]
    fn titles_take_their_nynorsk_endings_word_by_word() {
        for (bokmal, nynorsk) in [
            ("rådgiver", "rådgjevar"),
            ("seniorrådgiver", "seniorrådgjevar"),
            ("juridisk seniorrådgiver", "juridisk seniorrådgjevar"),
            ("seksjonsleder", "seksjonsleiar"),
            ("assisterende statsforvalter", "assisterande statsforvaltar"),
            ("avdelingsdirektør", "avdelingsdirektør"),
            ("Rådgiver", "Rådgjevar"),
            ("Seniorrådgiver", "Seniorrådgjevar"),
        ] {
            assert_eq!(title(bokmal), nynorsk, "{bokmal}");
        }
    }
}
