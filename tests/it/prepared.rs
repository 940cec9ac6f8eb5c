//! The connections' prepared statements are planned once (issue #20): a statement kept in the
//! cache is not parsed and planned again because the value bound to it changed.

use rusqlite::StatementStatus;

use crate::support::*;

#[tokio::test]
async fn a_cached_like_is_not_planned_again_for_each_value() {
    let t = spawn_ready().await;
    let runs = |c: &rusqlite::Connection| -> Result<i32, fournil::error::AppError> {
        let mut s = c.prepare_cached("SELECT count(*) FROM products WHERE name LIKE ?1")?;
        for pattern in ["%pain%", "%croissant%", "%tarte%"] {
            s.query_row([pattern], |r| r.get::<_, i64>(0))?;
        }
        Ok(s.get_status(StatementStatus::RePrepare))
    };
    // Without the query planner's stability guarantee SQLite plans a `LIKE ?` for its value:
    // every new pattern made it parse and plan the statement again.
    assert_eq!(t.app.db.read(runs).await.unwrap(), 0, "reader");
    assert_eq!(t.app.db.write(move |tx| runs(tx)).await.unwrap(), 0, "writer");
}
