//! Routes of the deliveries: setup (zones, the fee setting, deliverymen, an order's zone and
//! fee) here; runs (the board, a run, its settlement, the phone page) in `runs`; debts (their
//! payments, the report) in `debts`. Forms and their `parse` in `forms`.

pub mod debts;
pub mod forms;
pub mod runs;
pub mod till;

use poem::web::{Data, Form, Path};
use poem::{Request, Response, handler};

use self::forms::{DeliveryForm, FeeSettingForm, ManForm, ZoneForm};
use super::ops;
use super::views::setup::{self as views, DeliveryValues, ManValues, ZoneValues};
use crate::audit::Stamp;
use crate::auth::{CurrentUser, random_hex, session};
use crate::cash::{self, TILL_COOKIE, Till};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

/// The till this tablet works at: its shift takes the cash, its printer prints.
pub(crate) async fn till_here(app: &App, req: &Request) -> Result<Till, AppError> {
    let cookie = session::cookie(req, TILL_COOKIE);
    app.db.read(move |c| Ok(cash::ops::till_here(c, cookie.as_deref())?.1)).await
}

async fn zones_view(app: &App, shell: &Shell, v: &ZoneValues, e: &FieldErrors) -> Result<maud::Markup, AppError> {
    let (fee_to_shop, list) = app.db.read(ops::zones_page).await?;
    Ok(views::zones(&shell.csrf, fee_to_shop, &list, v, e))
}

#[handler]
pub async fn zone_list(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let main = zones_view(app, &shell, &ZoneValues::default(), &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Zones de livraison", main))
}

#[handler]
pub async fn create_zone(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<ZoneForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::create_zone(tx, &st, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/livraisons/zones?ok=zone"),
        async |e| Ok(hx::invalid(hx, &shell, "Zones de livraison", zones_view(app, &shell, &f.values(), &e).await?)),
    )
    .await
}

#[handler]
pub async fn zone_page(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let z = app.db.read(move |c| ops::zone(c, id)).await?;
    let main = views::zone_page(&shell.csrf, id, &ZoneValues::of(&z), &FieldErrors::new());
    Ok(hx::page(hx, &shell, "Modifier la zone", main))
}

#[handler]
pub async fn update_zone(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<ZoneForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::update_zone(tx, &st, id, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/livraisons/zones?ok=zone"),
        async |e| Ok(hx::invalid(hx, &shell, "Modifier la zone", views::zone_page(&shell.csrf, id, &f.values(), &e))),
    )
    .await
}

#[handler]
pub async fn zone_on(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::set_zone_active(tx, &st, id, true)).await?;
    Ok(hx::redirect(hx, "/livraisons/zones?ok=zone"))
}

#[handler]
pub async fn zone_off(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::set_zone_active(tx, &st, id, false)).await?;
    Ok(hx::redirect(hx, "/livraisons/zones?ok=zone"))
}

#[handler]
pub async fn fee_setting(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Form(f): Form<FeeSettingForm>,
) -> Result<Response, AppError> {
    let on = f.fee_to_shop.is_some();
    app.db.write(move |tx| ops::set_fee_to_shop(tx, &st, on)).await?;
    Ok(hx::redirect(hx, "/livraisons/zones?ok=reglage-livraison"))
}

async fn men_view(app: &App, shell: &Shell, v: &ManValues, e: &FieldErrors) -> Result<maud::Markup, AppError> {
    let (men, staff) = app.db.read(ops::men_page).await?;
    Ok(views::men(&shell.csrf, &men, &staff, v, e))
}

#[handler]
pub async fn man_list(Data(app): Data<&App>, hx: Hx, shell: Shell) -> Result<Response, AppError> {
    let v = ManValues { token: random_hex(16), kind: "personnel".into(), ..Default::default() };
    let main = men_view(app, &shell, &v, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Livreurs", main))
}

#[handler]
pub async fn create_man(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Form(f): Form<ManForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::create_man(tx, &st, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/livraisons/livreurs?ok=livreur"),
        async |e| Ok(hx::invalid(hx, &shell, "Livreurs", men_view(app, &shell, &f.values(), &e).await?)),
    )
    .await
}

#[handler]
pub async fn man_page(Data(app): Data<&App>, hx: Hx, shell: Shell, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (m, staff, has_link) = app.db.read(move |c| ops::man_page(c, id)).await?;
    let main = views::man_page_full(&shell.csrf, id, &staff, &ManValues::of(&m), has_link);
    Ok(hx::page(hx, &shell, "Modifier le livreur", main))
}

/// A new phone link for him, shown once (the old one stops working).
#[handler]
pub async fn new_link(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    req: &Request,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (m, key) = app.db.write(move |tx| Ok((ops::deliveryman(tx, id)?, ops::new_phone_link(tx, &st, id)?))).await?;
    let url = format!("{}/l/{key}", hx::origin(req));
    Ok(hx::page(hx, &shell, "Lien pour son téléphone", views::link_made(&m.name, id, &url)))
}

#[handler]
pub async fn withdraw_link(
    Data(app): Data<&App>,
    hx: Hx,
    st: Stamp,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::withdraw_phone_link(tx, &st, id)).await?;
    Ok(hx::redirect(hx, &format!("/livraisons/livreurs/{id}")))
}

#[handler]
pub async fn update_man(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<ManForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::update_man(tx, &st, id, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/livraisons/livreurs?ok=livreur"),
        async |e| {
            let (_, staff) = app.db.read(ops::men_page).await?;
            Ok(hx::invalid(
                hx,
                &shell,
                "Modifier le livreur",
                views::man_page(&shell.csrf, id, &staff, &f.values(), &e),
            ))
        },
    )
    .await
}

#[handler]
pub async fn man_on(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::set_man_active(tx, &st, id, true)).await?;
    Ok(hx::redirect(hx, "/livraisons/livreurs?ok=livreur"))
}

#[handler]
pub async fn man_off(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::set_man_active(tx, &st, id, false)).await?;
    Ok(hx::redirect(hx, "/livraisons/livreurs?ok=livreur"))
}

async fn delivery_view(
    app: &App,
    shell: &Shell,
    id: i64,
    v: Option<DeliveryValues>,
    e: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let ((number, address), zones, set) = app.db.read(move |c| ops::delivery_page(c, id)).await?;
    let v = v.unwrap_or_else(|| DeliveryValues::of(set.as_ref()));
    Ok(views::order_delivery(&shell.csrf, (id, &number, &address), &zones, &v, e))
}

#[handler]
pub async fn delivery_page(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let main = delivery_view(app, &shell, id, None, &FieldErrors::new()).await?;
    Ok(hx::page(hx, &shell, "Livraison d'une commande", main))
}

#[handler]
pub async fn set_delivery(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    st: Stamp,
    me: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<DeliveryForm>,
) -> Result<Response, AppError> {
    let result = match f.parse() {
        Ok(d) => app.db.write(move |tx| ops::set_order_delivery(tx, &st, &me, id, &d)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/livraisons/tournees?ok=livraison-commande"),
        async |e| {
            Ok(hx::invalid(
                hx,
                &shell,
                "Livraison d'une commande",
                delivery_view(app, &shell, id, Some(f.values()), &e).await?,
            ))
        },
    )
    .await
}
