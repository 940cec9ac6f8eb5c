//! The staff through the JSON API: employees (salaries only with their permission, PINs as
//! text), punches with what is left to correct, a correction and a void (each with its reason,
//! audited), the hours of a month — the same operations and figures as the pages.

use fournil::people::AttendanceMode;
use serde_json::json;

use crate::clock_device::PushDevice;
use crate::staff_given::{StaffOf, at};
use crate::support::*;

#[tokio::test]
async fn the_api_reads_staff_and_punches_corrects_a_missing_out_and_gives_the_month() {
    let t = spawn_ready().await;
    let ana = t.staff().employee("Ana", AttendanceMode::Clock).await;
    let dev_id = t.staff().device("API001").await;
    t.staff().enrol(ana, dev_id, "007").await;
    let mut dev = PushDevice::in_process("API001", &t.app);
    dev.handshake().await;
    // Monday: IN, no OUT. Tuesday morning: IN (a shift in progress).
    dev.punch("007", at("2026-11-23 07:55"), 0, 1).await.unwrap();
    dev.punch("007", at("2026-11-24 07:58"), 0, 1).await.unwrap();

    let g = t.user_with_role("nadia", "gerante").await;
    let gt = token_for(&t, g).await;
    let v = t.user_with_role("lina", "vendeuse").await;
    let vt = token_for(&t, v).await;
    assert_eq!(call(&t, &vt, "GET", "/personnel", None).await.0, 403);

    let (s, list) = call(&t, &gt, "GET", "/personnel", None).await;
    assert_eq!(s, 200, "{list}");
    assert_eq!(list["data"][0]["full_name"], "Ana");
    assert_eq!(list["data"][0]["attendance"], "pointeuse");
    assert_eq!(list["data"][0]["monthly_salary"], "30 000,00 DA");
    assert_eq!(list["data"][0]["enrolments"][0]["pin"], "007", "leading zeros kept");
    // Without personnel.salaires, no salary.
    t.app
        .db
        .write(|tx| {
            Ok(tx.execute(
                "DELETE FROM role_permissions WHERE permission = 'personnel.salaires'
                   AND role_id = (SELECT id FROM roles WHERE code = 'gerante')",
                [],
            )?)
        })
        .await
        .unwrap();
    let (_, one) = call(&t, &gt, "GET", &format!("/personnel/{ana}"), None).await;
    assert_eq!(one["data"]["full_name"], "Ana");
    assert!(one["data"].get("monthly_salary").is_none(), "{one}");

    let punches = format!("/personnel/{ana}/pointages");
    let (s, p) = call(&t, &gt, "GET", &format!("{punches}?du=2026-11-23&au=2026-11-24"), None).await;
    assert_eq!(s, 200, "{p}");
    assert_eq!(p["data"]["punches"].as_array().unwrap().len(), 2);
    assert_eq!(p["data"]["punches"][0]["raw_state"], 0);
    assert_eq!(p["data"]["punches"][0]["pin"], "007");
    assert_eq!(
        p["data"]["to_fix"],
        json!([{"punch_id": p["data"]["punches"][0]["id"], "day": "2026-11-23", "kind": "Sortie manquante"}])
    );

    // A correction needs a reason; with one it is saved and audited.
    let fix = json!({"local_time": "2026-11-23 16:00", "direction": "out", "reason": ""});
    let (s, e) = call(&t, &gt, "POST", &punches, Some(fix)).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("invalid")), "{e}");
    assert!(e["fields"]["reason"].as_str().unwrap().contains("motif"));
    let (s, e) =
        call(&t, &gt, "POST", &punches, Some(json!({"local_time": "hier", "direction": "sortie", "reason": "x"})))
            .await;
    assert_eq!(s, 422);
    assert!(e["fields"]["local_time"].is_string() && e["fields"]["direction"].is_string(), "{e}");
    let fix = json!({"local_time": "2026-11-23 16:00", "direction": "out", "reason": "oubli, vu avec la gérante"});
    let (s, fixed) = call(&t, &gt, "POST", &punches, Some(fix)).await;
    assert_eq!(s, 200, "{fixed}");
    let (_, p) = call(&t, &gt, "GET", &format!("{punches}?du=2026-11-23&au=2026-11-24"), None).await;
    assert_eq!(p["data"]["to_fix"], json!([]));
    assert_eq!(p["data"]["punches"][1]["source"], "correction");
    assert!(t.audit_kinds().await.contains(&"personnel.pointage_saisi".to_string()));
    assert_eq!(call(&t, &vt, "POST", &punches, Some(json!({}))).await.0, 403);

    // The hours of the month: Monday 07:55–16:00, the Tuesday in progress not counted.
    let (s, m) = call(&t, &gt, "GET", "/personnel/heures?mois=2026-11", None).await;
    assert_eq!(s, 200, "{m}");
    assert_eq!(m["data"]["month"], "2026-11");
    assert_eq!(m["data"]["employees"][0]["worked_min"], 485);
    assert_eq!(m["data"]["employees"][0]["anomalies"], 0);
    assert_eq!(call(&t, &gt, "GET", "/personnel/heures?mois=novembre", None).await.0, 422);

    // A void needs a reason too.
    let id = fixed["data"]["id"].as_i64().unwrap();
    let void = format!("/personnel/pointages/{id}/annuler");
    assert_eq!(call(&t, &gt, "POST", &void, Some(json!({"reason": " "}))).await.0, 422);
    assert_eq!(call(&t, &gt, "POST", &void, Some(json!({"reason": "mauvaise heure"}))).await.0, 200);
    let (_, p) = call(&t, &gt, "GET", &format!("{punches}?du=2026-11-23&au=2026-11-24"), None).await;
    assert_eq!(p["data"]["punches"][1]["voided"], true);
    assert_eq!(p["data"]["to_fix"].as_array().unwrap().len(), 1);
    t.staff().punch(ana, "2026-11-23 16:05", fournil::people::Direction::Out).await;
    t.assert_check_passes().await;
}
