//! The schema: a new database and an upgraded one are the same; a newer one is refused.

use fournil::db::{Db, migrate};
use rusqlite::Connection;

/// schema.sql as shipped in each release, frozen at release time.
const RELEASED: &[(i64, &str)] = &[
    (1, include_str!("../fixtures/schema_v1.sql")),
    (2, include_str!("../fixtures/schema_v2.sql")),
    (3, include_str!("../fixtures/schema_v3.sql")),
    (4, include_str!("../fixtures/schema_v4.sql")),
    (5, include_str!("../fixtures/schema_v5.sql")),
    (6, include_str!("../fixtures/schema_v6.sql")),
    (7, include_str!("../fixtures/schema_v7.sql")),
    (8, include_str!("../fixtures/schema_v8.sql")),
    (9, include_str!("../fixtures/schema_v9.sql")),
    (10, include_str!("../fixtures/schema_v10.sql")),
    (11, include_str!("../fixtures/schema_v11.sql")),
    (12, include_str!("../fixtures/schema_v12.sql")),
    (13, include_str!("../fixtures/schema_v13.sql")),
    (14, include_str!("../fixtures/schema_v14.sql")),
    (15, include_str!("../fixtures/schema_v15.sql")),
    (16, include_str!("../fixtures/schema_v16.sql")),
    (17, include_str!("../fixtures/schema_v17.sql")),
    (18, include_str!("../fixtures/schema_v18.sql")),
    (19, include_str!("../fixtures/schema_v19.sql")),
    (20, include_str!("../fixtures/schema_v20.sql")),
    (21, include_str!("../fixtures/schema_v21.sql")),
    (22, include_str!("../fixtures/schema_v22.sql")),
    (23, include_str!("../fixtures/schema_v23.sql")),
    (24, include_str!("../fixtures/schema_v24.sql")),
    (25, include_str!("../fixtures/schema_v25.sql")),
    (26, include_str!("../fixtures/schema_v26.sql")),
    (27, include_str!("../fixtures/schema_v27.sql")),
    (28, include_str!("../fixtures/schema_v28.sql")),
    (29, include_str!("../fixtures/schema_v29.sql")),
    (30, include_str!("../fixtures/schema_v30.sql")),
    (31, include_str!("../fixtures/schema_v31.sql")),
    (32, include_str!("../fixtures/schema_v32.sql")),
    (33, include_str!("../fixtures/schema_v33.sql")),
    (34, include_str!("../fixtures/schema_v34.sql")),
    (35, include_str!("../fixtures/schema_v35.sql")),
    (36, include_str!("../fixtures/schema_v36.sql")),
    (37, include_str!("../fixtures/schema_v37.sql")),
];

/// Every table's columns (name, type, notnull, default, pk), indexes and triggers, sorted.
fn shape(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    let mut tables =
        conn.prepare("SELECT name, type, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").unwrap();
    let rows: Vec<(String, String, Option<String>)> =
        tables.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    for (name, kind, sql) in rows {
        if kind == "table" {
            let mut cols = conn
                .prepare(&format!("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{name}')"))
                .unwrap();
            let cols: Vec<String> = cols
                .query_map([], |r| {
                    Ok(format!(
                        "{name}.{} {} nn={} default={:?} pk={}",
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, i64>(4)?
                    ))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            out.extend(cols);
        } else {
            out.push(format!(
                "{kind} {name}: {}",
                sql.unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn every_released_schema_upgrades_to_schema_sql() {
    let mut fresh = Connection::open_in_memory().unwrap();
    migrate::run(&mut fresh).unwrap();
    assert_eq!(migrate::version(&fresh).unwrap(), migrate::LATEST);
    for (version, sql) in RELEASED {
        let mut old = Connection::open_in_memory().unwrap();
        old.execute_batch(sql).unwrap();
        old.pragma_update(None, "user_version", version).unwrap();
        migrate::run(&mut old).unwrap();
        assert_eq!(shape(&old), shape(&fresh), "upgrade from v{version} drifted from schema.sql");
    }
    assert_eq!(
        RELEASED.last().unwrap().0,
        migrate::LATEST,
        "freeze schema.sql as tests/fixtures/schema_vN.sql at each release"
    );
}

#[test]
fn a_database_from_a_newer_fournil_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fournil.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE futur (x INTEGER);").unwrap();
        conn.pragma_update(None, "user_version", migrate::LATEST + 1).unwrap();
    }
    let err = Db::open(&path).err().expect("must refuse").to_string();
    assert!(err.contains("plus récent"), "{err}");
    let conn = Connection::open(&path).unwrap();
    assert_eq!(migrate::version(&conn).unwrap(), migrate::LATEST + 1);
    let tables: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).unwrap();
    assert_eq!(tables, 1, "nothing was created in it");
}

/// Every row of every table, in a stable order, as text.
fn contents(conn: &Connection) -> Vec<String> {
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let names: Vec<String> = tables.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    let mut out = Vec::new();
    for name in names {
        let mut rows = conn.prepare(&format!("SELECT * FROM \"{name}\" ORDER BY 1")).unwrap();
        let width = rows.column_count();
        let mut q = rows.query([]).unwrap();
        while let Some(row) = q.next().unwrap() {
            let values: Vec<String> =
                (0..width).map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap())).collect();
            out.push(format!("{name}: {}", values.join(" | ")));
        }
    }
    out
}

/// A shop's database opened again (the next start of the server) is left exactly as it was: the
/// same version, the same schema, every row kept, the rows written in between included.
#[test]
fn opening_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fournil.db");
    let db = Db::open(&path).unwrap();
    db.write_sync(|tx| {
        let role = fournil::auth::store::role_by_code(tx, "vendeuse")?.unwrap();
        let d =
            fournil::auth::ops::UserDraft { username: "amina".into(), display_name: "Amina".into(), role_id: role.id };
        fournil::auth::ops::create_user(tx, &fournil::audit::Actor::cli(), &d, "hash", "2026-11-24T08:00:00Z")
    })
    .unwrap();
    drop(db);
    let before = {
        let conn = Connection::open(&path).unwrap();
        (migrate::version(&conn).unwrap(), shape(&conn), contents(&conn))
    };
    assert_eq!(before.0, migrate::LATEST);
    assert!(before.2.iter().any(|r| r.starts_with("users: ") && r.contains("\"amina\"")), "{:?}", before.2);
    assert!(before.2.iter().any(|r| r.starts_with("roles: ")), "the seeded roles are there");
    drop(Db::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let after = (migrate::version(&conn).unwrap(), shape(&conn), contents(&conn));
    assert_eq!(after.0, before.0, "user_version rewritten");
    assert_eq!(after.1, before.1, "schema changed");
    assert_eq!(after.2, before.2, "rows changed");
}
