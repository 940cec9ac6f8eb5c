//! Issue #18, the year end: a year closes (classes 6 and 7 into 12, the result carried to 11 on
//! the owner's decision, every month closed) and the next one opens with à-nouveaux equal to the
//! closing balance sheet; the closed year is locked for good (décret 09-110): nothing can be
//! dated in it, none of its months reopens; `fournil check` proves nothing was posted after.

use chrono::NaiveDate;
use fournil::accounting::ops::statements::{Period, read};
use fournil::accounting::statements::balance_sheet;
use fournil::accounting::store;

use crate::statements::hand_made_year;
use crate::support::*;

fn year(y: i32) -> Period {
    Period { from: NaiveDate::from_ymd_opt(y, 1, 1).unwrap(), to: NaiveDate::from_ymd_opt(y, 12, 31).unwrap() }
}

#[tokio::test]
async fn a_year_closes_and_the_next_opens_with_the_closing_balance_sheet() {
    let t = spawn_ready().await;
    hand_made_year(&t).await;
    let mut admin = t.admin().await;
    admin.get("/compta/depenses/nouvelle").await;
    let rent = [
        ("label_id", "3"),
        ("beneficiary", "Propriétaire"),
        ("day", "2025-12-01"),
        ("amount", "40 000"),
        ("paid_by", "plus_tard"),
    ];
    assert_eq!(admin.post("/compta/depenses/nouvelle", &rent).await.status, 303, "owed at the year's end");
    let before = t.app.db.read(|c| read(c, year(2025))).await.unwrap();
    assert_eq!(before.results().0.cents(), 16_800_000, "500 000 − 200 000 − 60 000 − 30 000 − 2 000 − 40 000 DA");

    let page = admin.get("/compta/periodes").await;
    page.assert_contains("Clôturer l'exercice");
    let early = admin.post("/compta/periodes/exercice", &[("year", "2026"), ("carry", "11")]).await;
    assert_eq!(early.status, 422);
    early.assert_contains("L'exercice 2026 n'est pas terminé : il se clôture à partir du 01/01/2027.");
    admin
        .post("/compta/periodes/exercice", &[("year", "2025"), ("carry", "11")])
        .await
        .assert_redirect("/compta/periodes");

    let (after, opening, trial) = t
        .app
        .db
        .read(|c| {
            Ok((read(c, year(2025))?, store::opening_balances(c, 2026)?, store::trial_balance(c, Some("2025-12-31"))?))
        })
        .await
        .unwrap();
    assert_eq!(after.results().0.cents(), 16_800_000, "the income statement of a closed year still shows it");
    assert_eq!(balance_sheet(&opening), after.sheet, "the à-nouveaux restate the closing balance sheet");
    assert_eq!(
        after.sheet.total_assets(),
        before.sheet.total_assets(),
        "closing moved the result into 11, nothing else"
    );
    assert_eq!(after.sheet.total_liabilities(), before.sheet.total_liabilities());
    let net = |code: &str| trial.iter().find(|r| r.code == code).map(|r| r.net().cents()).unwrap_or(0);
    assert_eq!(net("110"), -16_800_000, "carried to the report à nouveau");
    assert_eq!(net("12"), 0);
    assert!(trial.iter().filter(|r| r.code.starts_with('6') || r.code.starts_with('7')).all(|r| r.net().cents() == 0));
    for r in &opening {
        assert_eq!(r.debit - r.credit, trial.iter().find(|x| x.code == r.code).unwrap().net(), "{}", r.code);
    }
    let page = admin.get("/compta/periodes").await;
    page.assert_contains("168 000,00 DA");
    page.assert_contains(", porté au compte 11");
    page.assert_contains("À-nouveaux du 01/01/2026");
    t.assert_check_passes().await;

    // Locked for good.
    let late = [
        ("label_id", "3"),
        ("beneficiary", "Propriétaire"),
        ("day", "2025-06-01"),
        ("amount", "100"),
        ("paid_by", "banque"),
    ];
    assert_eq!(admin.post("/compta/depenses/nouvelle", &late).await.status, 422);
    let owed = t.count("SELECT id FROM expenses WHERE day = '2025-12-01'").await;
    let pay =
        admin.post(&format!("/compta/depenses/{owed}/payer"), &[("payment_day", "2025-12-31"), ("by", "banque")]).await;
    assert_ne!(pay.status, 303);
    let reopen = admin.post("/compta/periodes/rouvrir", &[("reopen", "2025-12"), ("reason", "erreur")]).await;
    assert_eq!(reopen.status, 422);
    reopen.assert_contains("L'exercice 2025 est clôturé définitivement : ses mois ne se rouvrent plus.");
    let again = admin.post("/compta/periodes/exercice", &[("year", "2025"), ("carry", "12")]).await;
    again.assert_contains("L'exercice 2025 est déjà clôturé.");
    let sys = system_at(NOW);
    let posted = t
        .app
        .db
        .write(move |tx| {
            let mut e = fournil::accounting::EntryDraft::new(
                fournil::accounting::Journal::Misc,
                NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
                "Tentative",
                "test",
                1,
            );
            e.add(fournil::accounting::LineDraft::debit("627", fournil::money::Money::from_da(1), ""));
            e.add(fournil::accounting::LineDraft::credit("512", fournil::money::Money::from_da(1), ""));
            fournil::accounting::ops::post(tx, &sys.actor, &e, &sys.now)
        })
        .await;
    let message = posted.unwrap_err().user_message();
    assert!(message.starts_with("L'exercice 2025 est clôturé définitivement"), "{message}");
    // The owed rent is paid in the new year, from the à-nouveaux.
    let paid =
        admin.post(&format!("/compta/depenses/{owed}/payer"), &[("payment_day", "2026-01-05"), ("by", "banque")]).await;
    assert_eq!(paid.status, 303);
    t.assert_check_passes().await;
}
