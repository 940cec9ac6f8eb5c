//! Routes of categories.

use poem::web::{Data, Form, Path};
use poem::{Response, handler};
use serde::Deserialize;

use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::catalog::views::Visibility;
use crate::catalog::views::categories::{self as views, CategoryValues};
use crate::catalog::{Category, ops, store};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CategoryForm {
    name: String,
    position: String,
    color: String,
    at_till: Option<String>,
    tva_class: String,
}

impl CategoryForm {
    fn values(&self) -> CategoryValues {
        CategoryValues {
            name: self.name.clone(),
            position: self.position.clone(),
            color: self.color.clone(),
            at_till: self.at_till.is_some(),
            tva_class: self.tva_class.clone(),
        }
    }
    fn parse(&self, id: i64) -> Result<Category, FieldErrors> {
        let mut e = FieldErrors::new();
        let position = match self.position.trim() {
            "" => 0,
            t => t.parse::<i64>().map_err(|_| e.add("position", "Un nombre entier.")).unwrap_or(0),
        };
        e.into_result(Category {
            id,
            name: self.name.trim().to_string(),
            position,
            color: if self.color.trim().is_empty() { "#b5652b".into() } else { self.color.trim().to_lowercase() },
            at_till: self.at_till.is_some(),
            products: 0,
            tva_class: self.tva_class.trim().to_string(),
        })
    }
}

fn blank() -> CategoryValues {
    CategoryValues { color: "#b5652b".into(), at_till: true, tva_class: "normal".into(), ..Default::default() }
}

#[handler]
pub async fn list(Data(app): Data<&App>, hx: Hx, shell: Shell, me: CurrentUser) -> Result<Response, AppError> {
    let categories = app.db.read(|c| Ok(store::categories(c)?)).await?;
    Ok(hx::page(
        hx,
        &shell,
        "Catégories",
        views::list(&shell.csrf, Visibility::of(&me), &categories, &blank(), &FieldErrors::new()),
    ))
}

#[handler]
pub async fn create(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Form(f): Form<CategoryForm>,
) -> Result<Response, AppError> {
    let result = match f.parse(0) {
        Ok(c) => app.db.write(move |tx| ops::save_category(tx, &st.actor, &c, &st.now)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/catalogue/categories?ok=categorie"),
        async |e| {
            let categories = app.db.read(|c| Ok(store::categories(c)?)).await?;
            let main = views::list(&shell.csrf, Visibility::of(&me), &categories, &f.values(), &e);
            Ok(hx::invalid(hx, &shell, "Catégories", main))
        },
    )
    .await
}

#[handler]
pub async fn edit(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let c = app.db.read(move |c| Ok(store::category(c, id)?)).await?.ok_or(AppError::NotFound)?;
    Ok(hx::page(
        hx,
        &shell,
        &c.name,
        views::edit(&shell.csrf, Visibility::of(&me), &c, &CategoryValues::of(&c), &FieldErrors::new()),
    ))
}

#[handler]
pub async fn update(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<CategoryForm>,
) -> Result<Response, AppError> {
    let result = match f.parse(id) {
        Ok(c) => app.db.write(move |tx| ops::save_category(tx, &st.actor, &c, &st.now)).await,
        Err(e) => Err(e.into()),
    };
    hx::saved(
        result,
        |_| hx::redirect(hx, "/catalogue/categories?ok=categorie"),
        async |e| {
            let c = app.db.read(move |c| Ok(store::category(c, id)?)).await?.ok_or(AppError::NotFound)?;
            Ok(hx::invalid(hx, &shell, &c.name, views::edit(&shell.csrf, Visibility::of(&me), &c, &f.values(), &e)))
        },
    )
    .await
}

#[handler]
pub async fn delete(Data(app): Data<&App>, hx: Hx, st: Stamp, Path(id): Path<i64>) -> Result<Response, AppError> {
    app.db.write(move |tx| ops::delete_category(tx, &st.actor, id, &st.now)).await?;
    Ok(hx::redirect(hx, "/catalogue/categories?ok=categorie-supprimee"))
}
