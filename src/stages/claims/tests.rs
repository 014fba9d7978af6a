//! Unit tests: each rule's hard cases, on sentences written for them.

use crate::doc::{ClaimKind, Document};

#[derive(Debug)]
struct C {
    kind: ClaimKind,
    text: String,
    key: String,
    source: Option<String>,
    anonymous: bool,
    rule: &'static str,
}

fn claims(text: &str) -> Vec<C> {
    let doc: Document = crate::analyze(text);
    doc.claims
        .iter()
        .map(|c| C {
            kind: c.kind,
            text: doc.slice(&c.range).to_string(),
            key: doc.slice(&c.key).to_string(),
            source: c.source.as_ref().map(|s| doc.slice(&s.range).to_string()),
            anonymous: c.source.as_ref().is_some_and(|s| s.anonymous),
            rule: c.rule,
        })
        .collect()
}

fn of(cs: &[C], kind: ClaimKind) -> Vec<&C> {
    cs.iter().filter(|c| c.kind == kind).collect()
}

fn one(cs: &[C], kind: ClaimKind, key: &str) -> Option<usize> {
    cs.iter().position(|c| c.kind == kind && c.key == key)
}

#[test]
fn empty_text_has_no_claims() {
    assert!(claims("").is_empty());
    assert!(claims("\n\n  \n").is_empty());
}

// --- reported ---

#[test]
fn cue_with_that_takes_the_clause_after() {
    let cs = claims("The minister said on Monday that the talks would resume in March.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].text, "the talks would resume in March");
    assert_eq!(r[0].key, "The minister said");
    assert_eq!(r[0].source.as_deref(), Some("The minister"));
    assert!(!r[0].anonymous);
    assert_eq!(r[0].rule, "reported.cue");
}

#[test]
fn attribution_after_the_clause() {
    let cs = claims("The bridge will reopen next week, the agency said.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].text, "The bridge will reopen next week");
    assert_eq!(r[0].source.as_deref(), Some("the agency"));
    assert_eq!(r[0].rule, "reported.postposed");
}

#[test]
fn inverted_attribution() {
    let cs = claims("The bridge will reopen next week, said a city engineer.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].text, "The bridge will reopen next week");
    assert_eq!(r[0].source.as_deref(), Some("a city engineer"));
}

#[test]
fn according_to_at_the_end_start_and_middle() {
    let cs = claims("The factory will close in June, according to people familiar with the plans.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].text, "The factory will close in June");
    assert_eq!(
        r[0].source.as_deref(),
        Some("people familiar with the plans")
    );
    assert!(r[0].anonymous);

    let cs = claims("According to the report, sales fell sharply last year.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].text, "sales fell sharply last year");
    assert_eq!(r[0].source.as_deref(), Some("the report"));
    assert!(!r[0].anonymous);

    let cs = claims(
        "The mayor, according to two officials who spoke on condition of anonymity, will resign.",
    );
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert!(r[0].text.starts_with("The mayor, according to"));
    assert!(r[0].text.ends_with("will resign"));
    assert!(r[0].anonymous);
}

#[test]
fn passive_source_after_by() {
    let cs = claims("The adviser was credited by sources with brokering the truce.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].source.as_deref(), Some("sources"));
    assert!(r[0].anonymous);
    assert_eq!(r[0].rule, "reported.passive");
    assert!(r[0].text.contains("brokering the truce"));
}

#[test]
fn direct_quotes_are_not_reported_claims() {
    for t in [
        "“We will win this election,” she said.",
        "She said: “We will win this election.”",
        "She said, “We will win this election.”",
    ] {
        let cs = claims(t);
        assert!(of(&cs, ClaimKind::Reported).is_empty(), "{t}: {cs:?}");
    }
}

#[test]
fn a_cue_inside_a_name_or_a_noun_is_not_a_cue() {
    let cs = claims("The convoy reached the United States Embassy before noon.");
    assert!(of(&cs, ClaimKind::Reported).is_empty(), "{cs:?}");
    let cs = claims("The figures came from Russian state news agency Tass on Friday.");
    assert!(of(&cs, ClaimKind::Reported).is_empty(), "{cs:?}");
    let cs = claims("His reports on the mine were widely read.");
    assert!(of(&cs, ClaimKind::Reported).is_empty(), "{cs:?}");
}

#[test]
fn subject_before_a_parenthetical() {
    let cs = claims("Maria Lopez, who chairs the committee, said the vote would be delayed.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].source.as_deref(), Some("Maria Lopez"));
    assert_eq!(r[0].text, "the vote would be delayed");
}

#[test]
fn anonymity_in_a_parenthetical() {
    let cs = claims("A senior diplomat, who asked not to be named, said the deal was close.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].text, "the deal was close");
    assert!(r[0].anonymous);
}

#[test]
fn they_keeps_the_anonymity_of_the_source_before() {
    let cs = claims("Some analysts said the price was high. They said the bank would cut jobs.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 2, "{cs:?}");
    assert!(r.iter().all(|c| c.anonymous), "{cs:?}");
}

#[test]
fn named_sources_are_not_anonymous() {
    let cs = claims("Kremlin spokesman Dmitri Orlov confirmed that the meeting would go ahead.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(
        r[0].source.as_deref(),
        Some("Kremlin spokesman Dmitri Orlov")
    );
    assert!(!r[0].anonymous);
}

#[test]
fn told_reporters_skips_the_addressee() {
    let cs = claims("She told reporters the budget would be spared.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].text, "the budget would be spared");
}

#[test]
fn a_cue_with_only_time_and_place_after_gives_nothing() {
    let cs = claims("Mr. Brandt said Wednesday in an interview with a local radio station.");
    assert!(of(&cs, ClaimKind::Reported).is_empty(), "{cs:?}");
}

// --- position ---

#[test]
fn stance_verbs_with_bridges() {
    let cs = claims("Ukraine has rejected calls to withdraw its troops.");
    let p = of(&cs, ClaimKind::Position);
    assert_eq!(p.len(), 1, "{cs:?}");
    assert_eq!(p[0].key, "Ukraine has rejected");
    assert_eq!(p[0].text, "calls to withdraw its troops");
    assert_eq!(p[0].source.as_deref(), Some("Ukraine"));

    let cs = claims("Russia continues to oppose the deployment and seeks new guarantees.");
    let p = of(&cs, ClaimKind::Position);
    assert_eq!(p.len(), 2, "{cs:?}");
    assert_eq!(p[0].key, "Russia continues to oppose");
    assert_eq!(p[0].text, "the deployment");
    assert_eq!(p[1].key, "seeks");
    assert_eq!(p[1].source.as_deref(), Some("Russia"));
    assert_eq!(p[1].rule, "position.coordinated");
}

#[test]
fn stance_nouns_and_infinitives_are_not_positions() {
    for t in [
        "Putin’s demand for control remains the main obstacle.",
        "Key demands remain unresolved after the talks.",
        "His refusal to support the bill surprised colleagues.",
        "Republican support was more solid in the south.",
    ] {
        let cs = claims(t);
        assert!(of(&cs, ClaimKind::Position).is_empty(), "{t}: {cs:?}");
    }
}

#[test]
fn a_participle_before_by_is_not_a_stance() {
    let cs = claims("A ceasefire backed by the regional powers took hold on Sunday.");
    assert!(of(&cs, ClaimKind::Position).is_empty(), "{cs:?}");
    let p = of(&cs, ClaimKind::Plan);
    assert_eq!(p.len(), 1, "{cs:?}");
    assert_eq!(p[0].source.as_deref(), Some("the regional powers"));
}

// --- plan ---

#[test]
fn plans_with_modifiers_or_a_defining_phrase() {
    let cs = claims("Negotiators discussed a 12-point peace plan aimed at ending the fighting.");
    let p = of(&cs, ClaimKind::Plan);
    assert_eq!(p.len(), 1, "{cs:?}");
    assert_eq!(p[0].key, "12-point peace plan");
    assert_eq!(
        p[0].text,
        "a 12-point peace plan aimed at ending the fighting"
    );

    let cs = claims("Senators unveiled a bill designed to limit drug prices.");
    let p = of(&cs, ClaimKind::Plan);
    assert_eq!(p.len(), 1, "{cs:?}");
    assert!(p[0].text.starts_with("a bill designed to"));
    assert_eq!(p[0].source.as_deref(), Some("Senators"));

    let cs = claims("Officials floated a demilitarized or free economic zone near the river.");
    assert!(
        one(&cs, ClaimKind::Plan, "demilitarized or free economic zone").is_some(),
        "{cs:?}"
    );
}

#[test]
fn bare_and_verbal_plan_words_are_not_plans() {
    for t in [
        "The plan was rejected on Friday.",
        "The company plans to hire more staff.",
        "They want to deal with the problem quickly.",
        "The treaty organization met in Brussels.",
    ] {
        let cs = claims(t);
        assert!(of(&cs, ClaimKind::Plan).is_empty(), "{t}: {cs:?}");
    }
    // "draft plan" is one plan, not a draft and a plan.
    let cs = claims("Both sides studied a 20-point draft plan last week.");
    let p = of(&cs, ClaimKind::Plan);
    assert_eq!(p.len(), 1, "{cs:?}");
    assert_eq!(p[0].key, "20-point draft plan");
}

#[test]
fn possessive_backer() {
    let cs = claims("Voters weighed the governor’s new housing plan before the election.");
    let p = of(&cs, ClaimKind::Plan);
    assert_eq!(p.len(), 1, "{cs:?}");
    assert_eq!(p[0].source.as_deref(), Some("the governor"));
}

// --- term ---

#[test]
fn what_x_call_with_its_gloss() {
    let cs = claims(
        "Officials are studying what analysts call the “Geneva formula,” a phased withdrawal. Under that formula, troops would leave within a year.",
    );
    let t = of(&cs, ClaimKind::Term);
    assert_eq!(t.len(), 1, "{cs:?}");
    assert_eq!(t[0].key, "Geneva formula");
    assert_eq!(t[0].source.as_deref(), Some("analysts"));
    assert!(t[0].anonymous);
    assert!(
        t[0].text.ends_with("troops would leave within a year"),
        "{:?}",
        t[0].text
    );
}

#[test]
fn so_called_terms() {
    let cs = claims("Economists blamed the so-called wealth effect for the slowdown.");
    let t = of(&cs, ClaimKind::Term);
    assert_eq!(t.len(), 1, "{cs:?}");
    assert_eq!(t[0].key, "wealth effect");
    let cs = claims("The rule, known as “Schedule F,” was revived.");
    assert!(one(&cs, ClaimKind::Term, "Schedule F").is_some(), "{cs:?}");
}

// --- quantity ---

#[test]
fn figures_with_what_they_measure() {
    let cs = claims("Turnout rose to 64 percent of registered voters.");
    let q = of(&cs, ClaimKind::Quantity);
    assert_eq!(q.len(), 1, "{cs:?}");
    assert_eq!(q[0].key, "64 percent of registered voters");
    assert_eq!(q[0].rule, "quantity.percent");

    let cs = claims("Most donors gave $200 or less to the campaign.");
    assert!(
        one(&cs, ClaimKind::Quantity, "$200 or less").is_some(),
        "{cs:?}"
    );

    let cs = claims("The two leaders talked for two hours.");
    let q = of(&cs, ClaimKind::Quantity);
    assert!(
        q.iter()
            .any(|c| c.key == "two hours" && c.rule == "quantity.duration"),
        "{cs:?}"
    );

    let cs = claims("The war, now in its fourth year, has no end in sight.");
    assert!(
        one(&cs, ClaimKind::Quantity, "fourth year").is_some(),
        "{cs:?}"
    );

    let cs = claims("We are 90% done with the review.");
    assert!(
        one(&cs, ClaimKind::Quantity, "90% done").is_some(),
        "{cs:?}"
    );

    let cs = claims("Nearly a third of those polled disagreed.");
    assert!(
        one(&cs, ClaimKind::Quantity, "Nearly a third of those polled").is_some(),
        "{cs:?}"
    );
}

#[test]
fn years_dates_times_and_pronoun_one_are_not_figures() {
    for t in [
        "The company was founded in 2014 by a pair of brothers.",
        "The vote is set for March 3 in the capital.",
        "The blast happened at 8:30 p.m. near the station.",
        "She was one of the first to arrive.",
        "The report was published on 1996-08-30 in London.",
    ] {
        let cs = claims(t);
        assert!(of(&cs, ClaimKind::Quantity).is_empty(), "{t}: {cs:?}");
    }
}

#[test]
fn a_figure_keeps_to_its_statement() {
    let cs = claims("Federal officials said the pair raised $350 million through the program.");
    let r = of(&cs, ClaimKind::Reported);
    let q = of(&cs, ClaimKind::Quantity);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(q.len(), 1, "{cs:?}");
    assert!(q[0].source.is_none());
    assert!(!q[0].text.contains("officials said"), "{:?}", q[0].text);
}

// --- the stage as a whole ---

#[test]
fn boilerplate_and_headings_give_no_claims() {
    let text = "Budget Talks Stall\n\nSummary\n\nThe mayor said the city would cut 5 percent of jobs.\n\nSign up for our newsletter\n\nRead our privacy policy for more info.";
    let cs = claims(text);
    assert!(cs.iter().all(|c| !c.text.contains("privacy")), "{cs:?}");
    assert!(cs.iter().any(|c| c.kind == ClaimKind::Reported), "{cs:?}");
}

#[test]
fn claims_are_in_text_order_and_within_the_text() {
    let text = "Analysts said the deal, worth $2 billion, would close soon. Russia wants a ceasefire plan to take effect.";
    let doc = crate::analyze(text);
    let starts: Vec<usize> = doc.claims.iter().map(|c| c.range.start).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    for c in &doc.claims {
        assert!(c.range.end <= text.len() && c.key.end <= text.len());
        assert!(!c.rule.is_empty());
    }
}

#[test]
fn multibyte_text_slices_on_char_boundaries() {
    let text = "Zelenskyy’s aide said the “plan” costs €5 million — or 3% of the budget. Officials say Kyïv wants a truce.";
    let doc = crate::analyze(text);
    for c in &doc.claims {
        assert!(text.is_char_boundary(c.range.start) && text.is_char_boundary(c.range.end));
        assert!(text.is_char_boundary(c.key.start) && text.is_char_boundary(c.key.end));
    }
    assert!(!doc.claims.is_empty());
}

mod prop {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn any_text_analyses_without_panic(s in "\\PC{0,300}") {
            let doc = crate::analyze(&s);
            for c in &doc.claims {
                prop_assert!(s.is_char_boundary(c.range.start) && s.is_char_boundary(c.range.end));
            }
        }

        #[test]
        fn news_like_words_analyse_without_panic(words in proptest::collection::vec(
            prop_oneof![
                Just("said"), Just("according"), Just("to"), Just(","), Just("."), Just("“"), Just("”"),
                Just("$"), Just("5"), Just("percent"), Just("plan"), Just("wants"), Just("the"),
                Just("Officials"), Just("by"), Just("what"), Just("call"), Just("so-called"), Just("who"),
                Just("("), Just(")"), Just("and"), Just("fourth"), Just("year"), Just("a"), Just("third"), Just("of"),
            ], 0..60)) {
            let s = words.join(" ");
            let _ = crate::analyze(&s);
        }
    }
}

#[test]
fn quoted_terms_from_the_quote_stage() {
    let text = "Officials are weighing what diplomats call the “river formula,” a phased pullback.";
    let mut doc = crate::reader::read(text);
    crate::stages::entities::annotate(&mut doc);
    let start = text.find("river").unwrap_or(0);
    let end = text.find("”").unwrap_or(0);
    doc.quoted_terms.push(start..end);
    crate::stages::claims::annotate(&mut doc);
    let terms: Vec<_> = doc
        .claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Term)
        .collect();
    assert_eq!(terms.len(), 1, "{:?}", doc.claims);
    assert_eq!(doc.slice(&terms[0].key), "river formula");
    assert_eq!(terms[0].rule, "term.quoted");
    let src = terms[0].source.as_ref().map(|s| doc.slice(&s.range));
    assert_eq!(src, Some("diplomats"));
}

#[test]
fn headline_source_and_colon() {
    let cs =
        claims("Poll: Voters Turn Against New Stadium Tax\n\nThe city council meets on Monday.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].source.as_deref(), Some("Poll"));
    assert_eq!(r[0].text, "Voters Turn Against New Stadium Tax");
    assert_eq!(r[0].rule, "reported.headline_colon");
}

#[test]
fn ranges_and_spans_of_years() {
    let cs = claims("The plan covers adults ages 55 to 65 in rural areas.");
    assert!(
        one(&cs, ClaimKind::Quantity, "55 to 65").is_some(),
        "{cs:?}"
    );
    let cs = claims("He led the rebellion from 1919 to 1921 in the south.");
    let q = of(&cs, ClaimKind::Quantity);
    assert_eq!(q.len(), 1, "{cs:?}");
    assert_eq!(q[0].key, "from 1919 to 1921");
    assert_eq!(q[0].rule, "quantity.years");
}

#[test]
fn a_time_is_not_the_subject() {
    let cs = claims("The bank just this month announced it would drop the sales goals.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].source.as_deref(), Some("The bank"));
}

#[test]
fn mixed_quote_then_attribution() {
    let cs = claims("Paying no taxes “makes me smart,” the developer said.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].text, "Paying no taxes “makes me smart,”");
    assert_eq!(r[0].source.as_deref(), Some("the developer"));
    // A sentence that is all quotation stays the quote stage's.
    let cs = claims("“Paying no taxes makes me smart,” the developer said.");
    assert!(of(&cs, ClaimKind::Reported).is_empty(), "{cs:?}");
}

#[test]
fn parenthetical_attribution_parts() {
    let cs = claims(
        "The new museum will open next spring, the director said, and it will be free for all children.",
    );
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 2, "{cs:?}");
    assert_eq!(r[0].text, "The new museum will open next spring");
    assert!(r[1].text.starts_with("and it will be free"));
    let cs = claims("The average benefit, it says, would be $300 a week.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(
        r[0].text,
        "The average benefit, it says, would be $300 a week"
    );
}

#[test]
fn subject_with_of_phrase() {
    let cs = claims("The family of the victim has called on police to release the videos.");
    let r = of(&cs, ClaimKind::Reported);
    assert_eq!(r.len(), 1, "{cs:?}");
    assert_eq!(r[0].source.as_deref(), Some("The family of the victim"));
    assert_eq!(r[0].text, "police to release the videos");
}

#[test]
fn it_follows_a_named_organization_or_country() {
    let text = "Officials met in Vienna on Monday.\n\nThe government of Moldova opposes the new border checks. It is also requesting guarantees for its farmers.";
    let doc = crate::analyze(text);
    let pos: Vec<_> = doc
        .claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Position)
        .collect();
    assert_eq!(pos.len(), 2, "{:?}", doc.claims);
    let first = pos[0].source.as_ref().and_then(|s| s.entity);
    let second = pos[1].source.as_ref().and_then(|s| s.entity);
    assert!(first.is_some());
    assert_eq!(first, second);
}

#[test]
fn token_lowercase_forms_are_to_lowercase() {
    let text = "ÉCOLE Officials Said the Straße plan, „Über“ and ΣΟΦΊΑ cost £5 MILLION.\n\nA second PARAGRAPH with Ünïcode and plain WORDS.";
    let mut doc = crate::reader::read(text);
    crate::stages::entities::annotate(&mut doc);
    crate::stages::quotes::annotate(&mut doc);
    let mut toks = Vec::new();
    super::tokens(
        &doc,
        &mut toks,
        &mut super::Scratch::default(),
        &mut Vec::new(),
    );
    assert!(!toks.is_empty());
    for t in &toks {
        let text = doc.slice(&t.range);
        assert_eq!(t.low, text.to_lowercase(), "{text:?}");
    }
}
