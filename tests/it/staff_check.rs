//! `fournil check` proves every punch is paired, held in quarantine or corrected with a reason:
//! a forgotten OUT fails it until someone enters the OUT with a reason; a held line passes; a
//! punch moved to someone else, a punch typed in behind the operations' back, or a quarantine line
//! set aside without a word each fail it, by name.

use fournil::people::{AttendanceMode, Direction};

use crate::clock_device::PushDevice;
use crate::staff_given::{StaffOf, at};
use crate::support::*;

const PAIRED: &str = "Pointages : chacun apparié, en quarantaine ou corrigé avec un motif";
const EXPLAINED: &str = "Pointages saisis ou annulés : un motif et une ligne d'audit chacun";
const CREDITED: &str = "Pointages de pointeuse : au nom de l'employé inscrit sous ce code";
const SETTLED: &str = "Quarantaine : chaque ligne réglée dit comment";

async fn failures(t: &TestApp) -> Vec<(String, String)> {
    let report = t.app.db.read(fournil::system::check::run).await.unwrap();
    report.failures().map(|f| (f.rule.to_string(), f.detail.clone())).collect()
}

async fn sql(t: &TestApp, statement: impl Into<String>) {
    let statement = statement.into();
    t.app.db.write(move |tx| Ok(tx.execute_batch(&statement)?)).await.unwrap();
}

#[tokio::test]
async fn a_forgotten_out_fails_the_check_until_it_is_corrected_with_a_reason() {
    let t = spawn_ready().await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    let dev_id = t.staff().device("CHK001").await;
    t.staff().enrol(ana, dev_id, "1").await;
    let mut dev = PushDevice::in_process("CHK001", &t.app);
    dev.handshake().await;
    // Monday: IN, no OUT. Tuesday: IN and OUT. A line for a PIN nobody has is held.
    dev.punch("1", at("2026-11-23 07:55"), 0, 1).await.unwrap();
    dev.punch("1", at("2026-11-24 07:58"), 0, 1).await.unwrap();
    dev.punch("1", at("2026-11-24 16:02"), 1, 1).await.unwrap();
    dev.punch("404", at("2026-11-24 08:10"), 0, 1).await.unwrap();
    assert_eq!(t.staff().held().await.len(), 1);
    let found = failures(&t).await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, PAIRED);
    assert!(found[0].1.contains("Ana : sortie manquante le 23/11/2026 07:55"), "{}", found[0].1);
    // The gérante enters the missing OUT, with its reason: the check passes, the held line too.
    t.staff().punch(ana, "2026-11-23 16:00", Direction::Out).await;
    t.assert_check_passes().await;
}

#[tokio::test]
async fn punches_changed_behind_the_operations_back_fail_the_check_by_name() {
    let t = spawn_ready().await;
    let (ana, bilal) = (
        t.staff().employee("Ana", AttendanceMode::Clock).await,
        t.staff().employee("Bilal", AttendanceMode::Clock).await,
    );
    let dev_id = t.staff().device("CHK002").await;
    t.staff().enrol(ana, dev_id, "1").await;
    let mut dev = PushDevice::in_process("CHK002", &t.app);
    dev.handshake().await;
    dev.punch("1", at("2026-11-23 08:00"), 0, 1).await.unwrap();
    dev.punch("1", at("2026-11-23 16:00"), 1, 1).await.unwrap();
    dev.punch("77", at("2026-11-23 08:05"), 0, 1).await.unwrap();
    t.assert_check_passes().await;
    // Ana's day credited to Bilal, whose PIN it never was.
    sql(&t, format!("UPDATE punches SET employee_id = {bilal} WHERE source = 'pointeuse'")).await;
    let found = failures(&t).await;
    assert_eq!(found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), vec![CREDITED], "{found:?}");
    assert!(found[0].1.contains("code 1"), "{}", found[0].1);
    sql(&t, format!("UPDATE punches SET employee_id = {ana} WHERE source = 'pointeuse'")).await;
    // A pair typed straight into the table: a reason, but no audit line.
    sql(
        &t,
        format!(
            "INSERT INTO punches (employee_id, local_time, at, direction, source, reason, created_at)
             VALUES ({bilal}, '2026-11-22 08:00:00', '2026-11-22T07:00:00Z', 'in', 'manuel', 'à la main', '{NOW}'),
                    ({bilal}, '2026-11-22 16:00:00', '2026-11-22T15:00:00Z', 'out', 'manuel', 'à la main', '{NOW}')"
        ),
    )
    .await;
    let found = failures(&t).await;
    assert_eq!(found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), vec![EXPLAINED], "{found:?}");
    assert!(found[0].1.contains("saisi sans ligne d'audit"), "{}", found[0].1);
    sql(&t, "UPDATE punches SET voided_at = '2026-11-24T08:00:00Z', void_reason = 'test' WHERE source = 'manuel'")
        .await;
    assert!(failures(&t).await[0].1.contains("annulé sans ligne d'audit"));
    sql(&t, "DELETE FROM punches WHERE source = 'manuel'").await;
    // The held line set aside without a word.
    sql(&t, "UPDATE punch_quarantine SET resolved_at = '2026-11-24T08:00:00Z', resolution = 'ignore'").await;
    let found = failures(&t).await;
    assert_eq!(found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), vec![SETTLED], "{found:?}");
    assert!(found[0].1.contains("ignore sans motif"), "{}", found[0].1);
}
