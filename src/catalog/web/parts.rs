//! Routes of a product's parts: purchase packs, barcodes, photo.

use poem::http::header;
use poem::web::{Data, Form, Multipart, Path};
use poem::{FromRequest, IntoResponse, Request, RequestBody, Response, handler};
use serde::Deserialize;

use super::render_page;
use crate::audit::Stamp;
use crate::auth::CurrentUser;
use crate::catalog::{ops, store};
use crate::error::{AppError, FieldErrors};
use crate::hx::{self, Hx};
use crate::state::App;
use crate::ui::Shell;

pub const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;

/// The image type, read from the file's first bytes (never from its name or the browser's claim).
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// After a change: back to the product page, or the page again with the messages.
async fn done(
    app: &App,
    hx: Hx,
    shell: &Shell,
    me: &CurrentUser,
    id: i64,
    result: Result<(), AppError>,
    ok: &str,
) -> Result<Response, AppError> {
    hx::saved(
        result,
        |()| hx::redirect(hx, &format!("/catalogue/produits/{id}?ok={ok}")),
        async |e| render_page(app, hx, shell, me, id, e).await,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PackForm {
    pack_name: String,
    pack_content: String,
}

#[handler]
pub async fn add_pack(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<PackForm>,
) -> Result<Response, AppError> {
    let result = app
        .db
        .write(move |tx| ops::add_pack(tx, &st.actor, id, &f.pack_name, &f.pack_content, &st.now).map(|_| ()))
        .await;
    done(app, hx, &shell, &me, id, result, "conditionnement").await
}

#[handler]
pub async fn delete_pack(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path((id, pack)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let result = app.db.write(move |tx| ops::delete_pack(tx, &st.actor, id, pack, &st.now)).await;
    done(app, hx, &shell, &me, id, result, "conditionnement").await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BarcodeForm {
    barcode: String,
    code: String,
    pack_id: String,
}

#[handler]
pub async fn add_barcode(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<BarcodeForm>,
) -> Result<Response, AppError> {
    let pack = f.pack_id.parse().ok();
    let result = app.db.write(move |tx| ops::add_barcode(tx, &st.actor, id, &f.barcode, pack, &st.now)).await;
    done(app, hx, &shell, &me, id, result, "code-barres").await
}

#[handler]
pub async fn delete_barcode(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    Form(f): Form<BarcodeForm>,
) -> Result<Response, AppError> {
    let result = app.db.write(move |tx| ops::delete_barcode(tx, &st.actor, id, &f.code, &st.now)).await;
    done(app, hx, &shell, &me, id, result, "code-barres").await
}

/// The photo sent, read and checked: an extractor (the request's declared length, then the
/// multipart body), so the handler gets the parsed upload or the messages for its field.
pub struct PhotoUpload(Result<(&'static str, Vec<u8>), FieldErrors>);

impl<'a> FromRequest<'a> for PhotoUpload {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let form = Multipart::from_request(req, body).await?;
        Ok(PhotoUpload(read_photo(declared, form).await))
    }
}

/// Reads the photo sent: refused beside its field when too heavy (as declared or as sent),
/// missing, or not a JPEG, PNG or WebP image.
async fn read_photo(declared: Option<usize>, mut form: Multipart) -> Result<(&'static str, Vec<u8>), FieldErrors> {
    let mut errors = FieldErrors::new();
    if declared.is_some_and(|n| n > MAX_PHOTO_BYTES + 16 * 1024) {
        errors.add("photo", "Image trop lourde : 2 Mo au plus.");
        return Err(errors);
    }
    let mut upload = None;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() != Some("photo") {
            continue;
        }
        match field.bytes().await {
            Ok(bytes) if bytes.is_empty() => errors.add("photo", "Choisissez une image."),
            Ok(bytes) if bytes.len() > MAX_PHOTO_BYTES => errors.add("photo", "Image trop lourde : 2 Mo au plus."),
            Ok(bytes) => match image_type(&bytes) {
                Some(ct) => upload = Some((ct, bytes)),
                None => errors.add("photo", "Ce fichier n'est pas une image JPEG, PNG ou WebP."),
            },
            Err(_) => errors.add("photo", "L'envoi de l'image a échoué."),
        }
    }
    // Said only when nothing else was: a field keeps its first message.
    errors.add("photo", "Choisissez une image.");
    upload.ok_or(errors)
}

#[handler]
pub async fn upload_photo(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
    PhotoUpload(upload): PhotoUpload,
) -> Result<Response, AppError> {
    let result = match upload {
        Ok((ct, bytes)) => app.db.write(move |tx| ops::set_photo(tx, &st.actor, id, ct, &bytes, &st.now)).await,
        Err(e) => Err(e.into()),
    };
    done(app, hx, &shell, &me, id, result, "photo").await
}

#[handler]
pub async fn delete_photo(
    Data(app): Data<&App>,
    hx: Hx,
    shell: Shell,
    me: CurrentUser,
    st: Stamp,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let result = app.db.write(move |tx| ops::delete_photo(tx, &st.actor, id, &st.now)).await;
    done(app, hx, &shell, &me, id, result, "photo").await
}

/// Serves a product's photo from the database; the URL carries its hash, so it caches for good.
#[handler]
pub async fn photo(Data(app): Data<&App>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (ct, bytes, _) = app.db.read(move |c| Ok(store::photo(c, id)?)).await?.ok_or(AppError::NotFound)?;
    Ok(bytes
        .with_content_type(ct)
        .with_header(header::CACHE_CONTROL, "private, max-age=31536000, immutable")
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"<svg onload=alert(1)>"), None);
        assert_eq!(image_type(b"GIF89a"), None);
    }
}
