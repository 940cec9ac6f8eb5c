//! Before and after the load: the demo database (built or reused), the server on a loopback
//! port, a session and an API token for the demo administrator, counter stock for the tickets,
//! an open shift; afterwards, every acknowledged sale looked up and `fournil check`.

use std::net::SocketAddr;
use std::path::PathBuf;

use poem::listener::{Acceptor, Listener, TcpListener};
use poem::{EndpointExt, Server};
use rusqlite::OptionalExtension;
use tokio::sync::oneshot;

use super::BenchArgs;
use crate::audit::Actor;
use crate::auth;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::{Db, blocking};
use crate::demo::{self, catalog as shop};
use crate::error::AppError;
use crate::money::{Money, Qty};
use crate::purchases::{self, LineDraft, PurchaseDraft};
use crate::routes;
use crate::state::App;
use crate::system::check::{Depth, Origin};

/// What the clients need to build their requests.
#[derive(Debug, Clone)]
pub struct Target {
    pub addr: SocketAddr,
    pub cookie: String,
    pub csrf: String,
    pub bearer: String,
    /// Three products the counter holds plenty of, for the tickets.
    pub ticket_products: Vec<i64>,
    /// Why tickets cannot be sold, if so.
    pub no_sales: Option<String>,
    pub card_product: i64,
    pub search: String,
    pub z_path: Option<String>,
    /// The customer and the made product of the "commande" scenario, and the due day (tomorrow).
    pub order_customer: i64,
    pub order_product: Option<i64>,
    pub tomorrow: String,
    /// Orders ready at the shop, each with its balance, for the "retrait" scenario (one per request).
    pub ready: Vec<(i64, String)>,
    /// The clock's port (its own listener, as `--clock-listen`), if the demo has a clock.
    pub clock: Option<ClockTarget>,
}

/// What the clock scenario sends to: the demo's clock, its enrolled PINs, and the day of the
/// first punch held: batches go back in time from it (a clock never sends the future), so each
/// is new punches, and they pair (IN, then OUT 30 minutes later).
#[derive(Debug, Clone)]
pub struct ClockTarget {
    pub addr: SocketAddr,
    pub serial: String,
    pub pins: Vec<String>,
    pub from: chrono::NaiveDateTime,
}

pub struct Env {
    pub target: std::sync::Arc<Target>,
    pub db: Db,
    pub db_path: PathBuf,
    pub years: f64,
    pub built: bool,
    servers: Vec<(oneshot::Sender<()>, tokio::task::JoinHandle<()>)>,
}

impl Env {
    pub async fn stop(mut self) {
        for (stop, server) in self.servers.drain(..) {
            let _ = stop.send(());
            let _ = server.await;
        }
    }
}

/// Serves `endpoint` on a loopback port until told to stop.
async fn spawn_server(
    endpoint: poem::endpoint::BoxEndpoint<'static, poem::Response>,
) -> anyhow::Result<(SocketAddr, (oneshot::Sender<()>, tokio::task::JoinHandle<()>))> {
    let listener = TcpListener::bind("127.0.0.1:0").into_acceptor().await?;
    let addr = listener
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .ok_or_else(|| anyhow::anyhow!("adresse d'écoute introuvable"))?;
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _ = Server::new_with_acceptor(listener)
            .run_with_graceful_shutdown(
                endpoint,
                async {
                    let _ = stopped.await;
                },
                Some(std::time::Duration::from_secs(5)),
            )
            .await;
    });
    Ok((addr, (stop, server)))
}

/// The demo's clock in service, its live PINs free for new punches, and the day of the first punch.
type ClockFound = Option<(String, Vec<String>, chrono::NaiveDateTime)>;

fn clock_of(c: &rusqlite::Connection) -> Result<ClockFound, AppError> {
    let found: Option<(i64, String)> = c
        .query_row(
            "SELECT id, serial FROM clock_devices WHERE status = 'approuvee' ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((id, serial)) = found else { return Ok(None) };
    // Not the PIN of someone whose last punch is an IN (a shift left open for the visitor to
    // correct): a new day after it would make it a missing OUT.
    let mut s = c.prepare(
        "SELECT n.pin FROM enrolments n
         WHERE n.device_id = ?1 AND n.ended_at IS NULL
           AND coalesce((SELECT p.direction FROM punches p WHERE p.employee_id = n.employee_id AND p.voided_at IS NULL
                         ORDER BY p.local_time DESC LIMIT 1), 'out') = 'out'
         ORDER BY n.pin",
    )?;
    let pins = s.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
    let first: Option<String> = c.query_row("SELECT min(local_time) FROM punches", [], |r| r.get(0))?;
    let first = first.and_then(|t| crate::people::parse_local(&t)).unwrap_or_default();
    let from = first.date().and_hms_opt(0, 0, 0).unwrap_or_default();
    Ok((!pins.is_empty()).then_some((serial, pins, from)))
}

/// The demo database: reused if it is one, built if absent, refused if it is a shop's.
async fn database(config: &Config, a: &BenchArgs) -> anyhow::Result<(PathBuf, f64, bool)> {
    let path = a.db.clone().unwrap_or_else(|| config.data_dir.join("demo-bench.db"));
    if path.exists() {
        let p = path.clone();
        let found =
            blocking(move || -> anyhow::Result<_> { Ok(demo::store::inspect(&rusqlite::Connection::open(&p)?)?) })
                .await?;
        match found {
            demo::store::Found::Demo => {
                let years = blocking({
                    let p = path.clone();
                    move || demo_years(&p)
                })
                .await
                .unwrap_or(a.years);
                eprintln!("bench : base de démonstration réutilisée : {} ({years} an(s))", path.display());
                return Ok((path, years, false));
            }
            demo::store::Found::Shop => anyhow::bail!(
                "{} n'est pas une base de démonstration (elle contient des utilisateurs ou des produits) : \
                 le banc d'essai ne charge jamais la base d'une vraie boutique. Choisissez un autre fichier avec --db.",
                path.display()
            ),
            demo::store::Found::Empty => {}
        }
    }
    let args = demo::cli::DemoArgs {
        years: a.years,
        tickets_per_day: a.tickets_per_day,
        seed: a.seed,
        db: Some(path.clone()),
        force: false,
        password: None,
    };
    let o = demo::cli::options(config, &args);
    let s = blocking(move || demo::build(&o)).await?;
    demo::cli::print_summary(&s, &path);
    Ok((path, a.years, true))
}

fn demo_years(path: &std::path::Path) -> Option<f64> {
    let c = rusqlite::Connection::open(path).ok()?;
    let v: String = c.query_row("SELECT value FROM system_state WHERE key = 'demo'", [], |r| r.get(0)).ok()?;
    serde_json::from_str::<serde_json::Value>(&v).ok()?.get("years")?.as_f64()
}

/// Restocks three drinks at the counter (a purchase, received) so tickets never run out.
fn restock(tx: &rusqlite::Transaction, now: &str, day: chrono::NaiveDate) -> Result<Vec<i64>, AppError> {
    let drinks = crate::catalog::store::products_of_kinds(tx, &[crate::catalog::Kind::Revente])?;
    let picked: Vec<_> = drinks.into_iter().filter(|p| p.active).take(3).collect();
    let Some(first) = picked.first() else {
        return Err(AppError::rule("la base de démonstration n'a pas de boissons"));
    };
    let supplier = purchases::store::suppliers(tx)?
        .into_iter()
        .find(|s| s.name.contains("Boissons"))
        .map(|s| s.id)
        .ok_or_else(|| AppError::rule(format!("pas de fournisseur pour « {} »", first.name)))?;
    let d = PurchaseDraft {
        supplier_id: supplier,
        day,
        invoice_ref: "BENCH".into(),
        note: "Réassort du banc d'essai".into(),
        lines: picked
            .iter()
            .map(|p| LineDraft {
                product_id: p.id,
                pack_id: None,
                count: Qty::whole(1_000_000),
                price: Money::from_da(50),
                location_id: shop::COMPTOIR,
                tva_bp: 0,
            })
            .collect(),
        token: None,
    };
    let actor = Actor::system();
    let id = purchases::ops::create(tx, &actor, &d, now)?;
    purchases::ops::receive(tx, &actor, id, now)?;
    Ok(picked.iter().map(|p| p.id).collect())
}

/// What the order scenarios need: the customer, the product, the ready orders with their balance.
type Ordering = (i64, Option<i64>, Vec<(i64, String)>);

/// The bench's customer (created once), the dearest made product to order (a whole cake), and
/// `pool` orders of a drink
/// received at the shop with nothing paid, for the handovers.
fn orders(
    tx: &rusqlite::Transaction,
    me: &auth::CurrentUser,
    drink: i64,
    now: &str,
    day: chrono::NaiveDate,
    pool: usize,
) -> Result<Ordering, AppError> {
    let st = crate::audit::Stamp { actor: me.actor(), now: now.to_string(), day };
    let draft = crate::customers::CustomerDraft::parse("Client du banc d'essai", "0799 99 99 99", "", "", "", None)
        .map_err(AppError::Invalid)?;
    let customer = match crate::customers::store::by_phone(tx, &draft.phone)? {
        Some(c) => c.id,
        None => crate::customers::ops::create(tx, &st, &draft)?,
    };
    let product = crate::catalog::store::products_of_kinds(tx, &[crate::catalog::Kind::Fini])?
        .into_iter()
        .filter(|p| p.sale_price.is_some() && crate::catalog::store::recipe(tx, p.id).ok().flatten().is_some())
        .max_by_key(|p| p.sale_price)
        .map(|p| p.id);
    let mut ready = Vec::with_capacity(pool);
    for _ in 0..pool {
        let d = crate::orders::OrderDraft {
            token: auth::random_hex(12),
            customer_id: customer,
            service: crate::orders::Service::Pickup,
            address: String::new(),
            due_day: day + chrono::Duration::days(1),
            due_time: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
            notes: String::new(),
            lines: vec![crate::orders::LineDraft {
                line_id: None,
                product_id: drink,
                qty: Qty::whole(1),
                options: String::new(),
                price: None,
            }],
            deposit: None,
            till_id: demo::sales::TILL,
        };
        let id = crate::orders::ops::create(tx, &st, me, &d)?;
        crate::orders::ops::receive(tx, &st, id)?;
        let o = crate::orders::store::order(tx, id)?.ok_or(AppError::NotFound)?;
        ready.push((id, o.total.input_value()));
    }
    Ok((customer, product, ready))
}

pub async fn prepare(config: &Config, a: &BenchArgs, handovers: bool) -> anyhow::Result<Env> {
    let (db_path, years, built) = database(config, a).await?;
    let db = Db::open(&db_path)?;
    let clock = Clock::system();
    let mut cfg = config.clone();
    cfg.data_dir = db_path.parent().map(|p| p.to_path_buf()).unwrap_or_else(|| PathBuf::from("."));
    let app = App::new(db.clone(), clock.clone(), cfg)?;
    let (now, day, at) = (clock.now_text(), clock.business_day(), clock.now());
    let admin = db
        .read_sync(|c| Ok(auth::store::user_by_name(c, "demo")?))?
        .ok_or_else(|| anyhow::anyhow!("la base de démonstration n'a pas d'utilisateur « demo »"))?;
    // One ready order per handover the clients may ask for.
    let pool = if handovers { ((a.clients as f64 * a.duration * 150.0) as usize).clamp(200, 15_000) } else { 0 };
    let (secret, bearer, ticket_products, shift, card_product, last_closed, ordering) = db.write_sync(|tx| {
        let secret = auth::ops::open_session(
            tx,
            admin.id,
            &admin.username,
            at,
            chrono::Duration::hours(4),
            "127.0.0.1",
            "fournil-bench",
        )?;
        let bearer = auth::ops::create_token(tx, &Actor::cli(), admin.id, "banc d'essai", &now)?;
        let products = restock(tx, &now, day)?;
        let me = auth::ops::current_user(tx, admin.id, String::new())?.ok_or(AppError::NotFound)?;
        let shift = match crate::cash::store::open_shift(tx, demo::sales::TILL)? {
            Some(s) => Some(s.id),
            None => demo::sales::open_shift(tx, &me, Money::from_da(10_000), &now, day, &mut demo::rng::Rng::new(1))?,
        };
        let last_closed: Option<i64> =
            tx.query_row("SELECT max(id) FROM cash_shifts WHERE status = 'fermee'", [], |r| r.get(0))?;
        let card: i64 = tx.query_row(
            "SELECT product_id FROM stock_moves GROUP BY product_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        let ordering = orders(tx, &me, products[0], &now, day, pool)?;
        Ok((secret, bearer, products, shift, card, last_closed, ordering))
    })?;
    let found_clock = db.read_sync(clock_of)?;
    let (clock_addr, clock_server) = spawn_server(crate::zkteco::push::endpoint(app.clone()).boxed()).await?;
    let (addr, server) = spawn_server(routes::endpoint(app).boxed()).await?;
    // The Z report of the last closed shift, through the API (the page's path may change).
    let z_path = crate::api::OPERATIONS
        .iter()
        .find(|o| o.method == poem::http::Method::GET && o.path.ends_with("/z"))
        .zip(last_closed)
        .map(|(o, id)| format!("/api/v1{}", o.path.replace("{id}", &id.to_string())));
    let mut target = Target {
        addr,
        cookie: format!("{}={secret}", auth::session::SESSION_COOKIE),
        csrf: String::new(),
        bearer,
        ticket_products,
        no_sales: shift.is_none().then(|| {
            "aucune caisse ouverte (les opérations d'ouverture de caisse ne sont pas encore disponibles)".to_string()
        }),
        card_product,
        search: "crois".into(),
        z_path,
        order_customer: ordering.0,
        order_product: ordering.1,
        tomorrow: (day + chrono::Duration::days(1)).to_string(),
        ready: ordering.2,
        clock: found_clock.map(|(serial, pins, from)| ClockTarget { addr: clock_addr, serial, pins, from }),
    };
    target.csrf = super::client::csrf_of(&target).await?;
    let servers = vec![server, clock_server];
    Ok(Env { target: std::sync::Arc::new(target), db, db_path, years, built, servers })
}

/// After the load: every acknowledged sale exists, and the check passes. The check runs as the
/// server's own do, in a child process (`system::child`): the child's peak memory is returned.
pub async fn verify(env: &Env, acked: Vec<i64>) -> anyhow::Result<(i64, bool, Option<u64>)> {
    let missing = env
        .db
        .read(move |c| {
            let mut stmt = c.prepare_cached("SELECT count(*) FROM sales WHERE id = ?1")?;
            let mut missing = 0;
            for id in &acked {
                let n: i64 = stmt.query_row([id], |r| r.get(0))?;
                if n == 0 {
                    missing += 1;
                }
            }
            Ok(missing)
        })
        .await?;
    let started = crate::clock::stamp(chrono::Utc::now());
    let checked = crate::system::child::run_apart_async(&env.db, Origin::Command, Depth::Quick, started).await?;
    for f in checked.report.failures() {
        eprintln!("bench : contrôle en échec : {} — {:?}", f.rule, f.detail);
    }
    Ok((missing, checked.report.ok(), checked.child_peak_kb))
}
