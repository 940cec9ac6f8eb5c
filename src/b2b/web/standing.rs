//! Routes of the standing orders ("abonnements"), the B2B calendar and the generation of a
//! day's orders, and their forms.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use poem::web::{Data, Form, Path};
use poem::{Response, handler};

use crate::audit::Stamp;
use crate::b2b::standing::{DayChange, RowInput, StandingInput};
use crate::b2b::views::standing::{self as views, Choices, DayValues, EXTRA_ROWS, ShowPage};
use crate::b2b::{ops, store};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

type Fields = Vec<(String, String)>;

fn get<'a>(f: &'a Fields, k: &str) -> &'a str {
    f.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim()).unwrap_or("")
}

/// Rows numbered `{prefix}{i}` in the form: how many.
fn rows_in(f: &Fields, prefix: &str) -> usize {
    f.iter()
        .filter_map(|(k, _)| k.strip_prefix(prefix)?.parse::<usize>().ok())
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
        .min(200)
}

/// The grid form as typed: `p.{row}`, `n.{row}.{day}`, `a.{row}.{day}` (day 0 = samedi).
pub fn input_of(f: &Fields) -> StandingInput {
    let rows = (0..rows_in(f, "p."))
        .map(|i| RowInput {
            product: get(f, &format!("p.{i}")).into(),
            normal: std::array::from_fn(|d| get(f, &format!("n.{i}.{d}")).into()),
            alternate: std::array::from_fn(|d| get(f, &format!("a.{i}.{d}")).into()),
        })
        .collect();
    StandingInput {
        customer_id: get(f, "customer_id").into(),
        active_from: get(f, "active_from").into(),
        active_to: get(f, "active_to").into(),
        cutoff: get(f, "cutoff").into(),
        on_special: get(f, "on_special").into(),
        rows,
    }
}

fn day_values(f: &Fields) -> DayValues {
    let rows = (0..rows_in(f, "op.")).map(|i| (get(f, &format!("op.{i}")).into(), get(f, &format!("oq.{i}")).into()));
    DayValues { day: get(f, "day").into(), rows: rows.collect() }
}

/// The one-off change form: `day`, rows `op.{i}` / `oq.{i}`, or `cancel` for nothing that day.
pub fn parse_day(f: &Fields) -> Result<DayChange, FieldErrors> {
    let mut e = FieldErrors::new();
    let day = NaiveDate::parse_from_str(get(f, "day"), "%Y-%m-%d").map_err(|_| e.add("day", "Indiquez le jour.")).ok();
    let mut lines = Vec::new();
    if get(f, "cancel").is_empty() {
        for (i, (p, q)) in day_values(f).rows.iter().enumerate() {
            let q = crate::b2b::standing::grid_qty(&mut e, &format!("oq.{i}"), q);
            match (p.parse::<i64>(), q.milli() > 0) {
                (Ok(id), true) => lines.push((id, q)),
                (Err(_), true) => e.add(&format!("op.{i}"), "Choisissez le produit de cette ligne."),
                _ => {}
            }
        }
        if lines.is_empty() && e.is_empty() {
            e.add("lines", "Indiquez les quantités du jour, ou cochez « Rien ce jour-là ».");
        }
    }
    e.into_result(DayChange { day: day.unwrap_or_default(), lines })
}

/// The period form of the calendar.
pub fn parse_period(f: &Fields) -> Result<(NaiveDate, NaiveDate, bool, String), FieldErrors> {
    let mut e = FieldErrors::new();
    let mut day =
        |k: &str| NaiveDate::parse_from_str(get(f, k), "%Y-%m-%d").map_err(|_| e.add(k, "Indiquez la date.")).ok();
    let (first, last) = (day("first_day"), day("last_day"));
    if get(f, "name").is_empty() {
        e.add("name", "Nommez la période, par exemple « Ramadan 2027 ».");
    }
    if !matches!(get(f, "kind"), "ferme" | "special") {
        e.add("kind", "Choisissez « fermé » ou « jours spéciaux ».");
    }
    let closed = get(f, "kind") == "ferme";
    e.into_result((first.unwrap_or_default(), last.unwrap_or_default(), closed, get(f, "name").to_string()))
}

fn now_local(app: &App) -> NaiveDateTime {
    app.clock.local(app.clock.now()).naive_local()
}

/// The customers and the products a grid offers.
async fn choices(app: &App) -> Result<(Vec<(i64, String)>, Vec<(i64, String)>), AppError> {
    app.db
        .read(|c| {
            let customers = store::customers(c, false)?.into_iter().map(|x| (x.id, x.name)).collect();
            let products = crate::catalog::store::all_products(c)?;
            Ok((
                customers,
                products.into_iter().filter(|p| p.active && p.sale_price.is_some()).map(|p| (p.id, p.name)).collect(),
            ))
        })
        .await
}

async fn list_page(
    app: &App,
    shell: &Shell,
    day: &str,
    done: Option<&[crate::b2b::standing::Generated]>,
    e: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let all = app.db.read(|c| Ok(store::standing::all(c)?)).await?;
    Ok(views::list(&shell.csrf, &all, day, done, e))
}

#[handler]
pub async fn list(Data(app): Data<&App>, hx: Hx, shell: Shell, st: Stamp) -> Result<Response, AppError> {
    let main = list_page(app, &shell, &(st.day + Duration::days(1)).to_string(), None, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Abonnements pro", main))
}

/// Generates the orders of the day chosen and shows what each standing order did.
#[handler]
pub async fn generate(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let typed = get(&f, "day").to_string();
    let Ok(day) = NaiveDate::parse_from_str(&typed, "%Y-%m-%d") else {
        let mut e = FieldErrors::new();
        e.add("day", "Indiquez le jour de livraison.");
        return Ok(hx::invalid(hx, &shell, "Abonnements pro", list_page(app, &shell, &typed, None, &e).await?));
    };
    let done = app.db.write(move |tx| ops::standing::generate(tx, &st, day, None)).await?;
    let main = list_page(app, &shell, &typed, Some(&done), &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Abonnements pro", main))
}

async fn form_page(app: &App, shell: &Shell, v: &StandingInput, e: &FieldErrors) -> Result<maud::Markup, AppError> {
    let (customers, products) = choices(app).await?;
    let c = Choices { customers: &customers, products: &products };
    let back = maud::html! { a.button.secondary href="/b2b/abonnements" { "Abonnements pro" } };
    Ok(
        maud::html! { (crate::ui::page_header("Nouvel abonnement", back)) (views::form_page(&shell.csrf, None, v, &c, e)) },
    )
}

#[handler]
pub async fn new(Data(app): Data<&App>, hx: Hx, shell: Shell, st: Stamp) -> Result<Response, AppError> {
    let rows = (0..EXTRA_ROWS + 2).map(|_| RowInput::default()).collect();
    let from = (st.day + Duration::days(1)).to_string();
    let v = StandingInput {
        active_from: from,
        cutoff: "18:00".into(),
        on_special: "normal".into(),
        rows,
        ..Default::default()
    };
    Ok(hx::page(hx, &shell, "Nouvel abonnement", form_page(app, &shell, &v, &FieldErrors::new()).await?))
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let v = input_of(&f);
    let result = match v.parse() {
        Ok(d) => app.db.write(move |tx| ops::standing::save(tx, &st, 0, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |id| hx::redirect(hx, &format!("/b2b/abonnements/{id}?ok=abonnement")),
        async |e| Ok(hx::invalid(hx, &shell, "Nouvel abonnement", form_page(app, &shell, &v, &e).await?)),
    )
    .await
}

/// What the page of one standing order shows besides the typed values.
struct Typed<'a> {
    values: Option<&'a StandingInput>,
    day: Option<DayValues>,
    e: &'a FieldErrors,
    day_e: &'a FieldErrors,
}

async fn show_page(app: &App, shell: &Shell, id: i64, day: NaiveDate, t: Typed<'_>) -> Result<maud::Markup, AppError> {
    let (s, changed) = app
        .db
        .read(move |c| {
            Ok((store::standing::one(c, id)?.ok_or(AppError::NotFound)?, store::standing::changed_days(c, id, day)?))
        })
        .await?;
    let (customers, products) = choices(app).await?;
    let values = t.values.cloned().unwrap_or_else(|| StandingInput::of(&s, EXTRA_ROWS));
    let rows =
        s.normal.iter().map(|l| (l.product_id.to_string(), String::new())).chain((0..2).map(|_| Default::default()));
    let day_v = t.day.unwrap_or_else(|| DayValues { day: (day + Duration::days(1)).to_string(), rows: rows.collect() });
    let p = ShowPage { standing: &s, values: &values, day: &day_v, changed: &changed };
    Ok(views::show(&shell.csrf, &p, &Choices { customers: &customers, products: &products }, t.e, t.day_e))
}

#[handler]
pub async fn show(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let none = FieldErrors::new();
    let main = show_page(app, &shell, id, st.day, Typed { values: None, day: None, e: &none, day_e: &none }).await?;
    Ok(hx::page(hx, &shell, "Abonnement pro", main))
}

#[handler]
pub async fn update(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let (v, today) = (input_of(&f), st.day);
    let result = match v.parse() {
        Ok(d) => app.db.write(move |tx| ops::standing::save(tx, &st, id, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/b2b/abonnements/{id}?ok=abonnement")),
        async |e| {
            let t = Typed { values: Some(&v), day: None, e: &e, day_e: &FieldErrors::new() };
            Ok(hx::invalid(hx, &shell, "Abonnement pro", show_page(app, &shell, id, today, t).await?))
        },
    )
    .await
}

/// Changes one date only (before its cut-off); the template stays.
#[handler]
pub async fn change_day(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let (today, now) = (st.day, now_local(app));
    let result = match parse_day(&f) {
        Ok(ch) => app.db.write(move |tx| ops::standing::change_day(tx, &st, now, id, &ch)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, &format!("/b2b/abonnements/{id}?ok=abonnement-jour")),
        async |e| {
            let t = Typed { values: None, day: Some(day_values(&f)), e: &FieldErrors::new(), day_e: &e };
            Ok(hx::invalid(hx, &shell, "Abonnement pro", show_page(app, &shell, id, today, t).await?))
        },
    )
    .await
}

async fn calendar_page(
    app: &App,
    shell: &Shell,
    today: NaiveDate,
    v: &[String; 4],
    e: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let (periods, holidays) = app
        .db
        .read(move |c| {
            let periods = store::standing::periods(c, today - Duration::days(31), today + Duration::days(400))?;
            let holidays = crate::people::store::calendar::holidays_between(c, today, today + Duration::days(120))?;
            Ok((periods, holidays.into_iter().map(|h| (h.day.to_string(), h.name)).collect::<Vec<_>>()))
        })
        .await?;
    Ok(views::calendar(&shell.csrf, &periods, &holidays, v, e))
}

#[handler]
pub async fn calendar(Data(app): Data<&App>, hx: Hx, shell: Shell, st: Stamp) -> Result<Response, AppError> {
    let v = [String::new(), String::new(), "special".into(), String::new()];
    Ok(hx::page(hx, &shell, "Calendrier pro", calendar_page(app, &shell, st.day, &v, &FieldErrors::new()).await?))
}

#[handler]
pub async fn add_period(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let today = st.day;
    let result = match parse_period(&f) {
        Ok((a, z, closed, name)) => {
            app.db.write(move |tx| ops::standing::add_period(tx, &st, a, z, closed, &name)).await
        }
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/b2b/abonnements/calendrier?ok=calendrier"),
        async |e| {
            let v = ["first_day", "last_day", "kind", "name"].map(|k| get(&f, k).to_string());
            Ok(hx::invalid(hx, &shell, "Calendrier pro", calendar_page(app, &shell, today, &v, &e).await?))
        },
    )
    .await
}

#[handler]
pub async fn delete_period(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::standing::delete_period(tx, &st, id)).await?;
    Ok(hx::redirect(hx, "/b2b/abonnements/calendrier?ok=calendrier"))
}
