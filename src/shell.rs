//! The page frame's facts for one request (`Shell`): the signed-in user, the CSRF token, the
//! shop's name, the flash message, the admin's warnings, and the menu, in order. A menu item shows
//! only if its page's declared access (the route table in src/routes/table.rs) admits the user.

use poem::{FromRequest, Request, RequestBody};

use crate::auth::session::CsrfToken;
use crate::auth::{CurrentUser, Permission};
use crate::backup;
use crate::error::AppError;
use crate::routes::access_of_page;
use crate::state::App;
use crate::ui::{MenuItem, Shell};

const MENU: &[MenuItem] = &[
    MenuItem { label: "Accueil", href: "/", group: "" },
    MenuItem { label: "Vendre", href: "/caisse", group: "" },
    MenuItem { label: "Ventes", href: "/ventes", group: "" },
    MenuItem { label: "Ma caisse", href: "/caisse/session", group: "Caisse" },
    MenuItem { label: "Entrées et sorties", href: "/caisse/mouvements", group: "Caisse" },
    MenuItem { label: "Historique des caisses", href: "/caisse/sessions", group: "Caisse" },
    MenuItem { label: "Commandes du jour", href: "/commandes/jour", group: "Commandes" },
    MenuItem { label: "Nouvelle commande", href: "/commandes/nouvelle", group: "Commandes" },
    MenuItem { label: "Toutes les commandes", href: "/commandes", group: "Commandes" },
    MenuItem { label: "Clients", href: "/clients", group: "Commandes" },
    MenuItem { label: "Tournées", href: "/livraisons/tournees", group: "Livraisons" },
    MenuItem { label: "Dettes des livreurs", href: "/livraisons/dettes", group: "Livraisons" },
    MenuItem { label: "Livreurs", href: "/livraisons/livreurs", group: "Livraisons" },
    MenuItem { label: "Zones", href: "/livraisons/zones", group: "Livraisons" },
    MenuItem { label: "Rapport des livraisons", href: "/livraisons/rapport", group: "Livraisons" },
    MenuItem { label: "Production", href: "/production", group: "Production" },
    MenuItem { label: "Tableau du labo", href: "/labo", group: "Production" },
    MenuItem { label: "Plan de production", href: "/production/plan", group: "Production" },
    MenuItem { label: "Objectifs du comptoir", href: "/production/objectifs", group: "Production" },
    MenuItem { label: "Stock", href: "/stock", group: "Stock" },
    MenuItem { label: "Alertes", href: "/stock/alertes", group: "Stock" },
    MenuItem { label: "Transferts", href: "/stock/transferts", group: "Stock" },
    MenuItem { label: "Pertes", href: "/stock/pertes", group: "Stock" },
    MenuItem { label: "Inventaires", href: "/stock/inventaires", group: "Stock" },
    MenuItem { label: "Achats", href: "/achats", group: "Achats" },
    MenuItem { label: "Échéances fournisseurs", href: "/achats/echeances", group: "Achats" },
    MenuItem { label: "Clients pro", href: "/b2b/clients", group: "Clients pro" },
    MenuItem { label: "Commandes pro", href: "/b2b/commandes", group: "Clients pro" },
    MenuItem { label: "Abonnements pro", href: "/b2b/abonnements", group: "Clients pro" },
    MenuItem { label: "Factures pro", href: "/b2b/factures", group: "Clients pro" },
    MenuItem { label: "Relances pro", href: "/b2b/relances", group: "Clients pro" },
    MenuItem { label: "Listes de prix", href: "/b2b/prix", group: "Clients pro" },
    MenuItem { label: "Produits", href: "/catalogue/produits", group: "Catalogue" },
    MenuItem { label: "Marges", href: "/catalogue/marges", group: "Catalogue" },
    MenuItem { label: "Fournisseurs", href: "/fournisseurs", group: "Catalogue" },
    MenuItem { label: "Tableau du jour", href: "/personnel/jour", group: "Personnel" },
    MenuItem { label: "Employés", href: "/personnel", group: "Personnel" },
    MenuItem { label: "Heures du mois", href: "/personnel/heures", group: "Personnel" },
    MenuItem { label: "Congés", href: "/personnel/conges", group: "Personnel" },
    MenuItem { label: "Calendrier", href: "/personnel/calendrier", group: "Personnel" },
    MenuItem { label: "Pointeuses", href: "/personnel/pointeuses", group: "Personnel" },
    MenuItem { label: "Paie du mois", href: "/paie", group: "Paie" },
    MenuItem { label: "Avances", href: "/paie/avances", group: "Paie" },
    MenuItem { label: "Barèmes", href: "/paie/baremes", group: "Paie" },
    MenuItem { label: "Rapports", href: "/rapports", group: "Rapports" },
    MenuItem { label: "Définitions des indicateurs", href: "/rapports/definitions", group: "Rapports" },
    MenuItem { label: "Prévision", href: "/rapports/prevision", group: "Rapports" },
    MenuItem { label: "Journal", href: "/compta/journal", group: "Comptabilité" },
    MenuItem { label: "Balance générale", href: "/compta/balance", group: "Comptabilité" },
    MenuItem { label: "États financiers", href: "/compta/etats", group: "Comptabilité" },
    MenuItem { label: "Dépenses", href: "/compta/depenses", group: "Comptabilité" },
    MenuItem { label: "Fiscalité", href: "/compta/fiscalite", group: "Comptabilité" },
    MenuItem { label: "Banque", href: "/compta/banque", group: "Comptabilité" },
    MenuItem { label: "Utilisateurs", href: "/admin/utilisateurs", group: "Administration" },
    MenuItem { label: "Rôles", href: "/admin/roles", group: "Administration" },
    MenuItem { label: "Journal d'audit", href: "/admin/journal-audit", group: "Administration" },
    MenuItem { label: "Paramètres", href: "/admin/parametres", group: "Administration" },
    MenuItem { label: "Contrôle", href: "/admin/controle", group: "Administration" },
    MenuItem { label: "Sauvegardes", href: "/admin/sauvegardes", group: "Administration" },
    MenuItem { label: "Messagerie", href: "/admin/messagerie", group: "Administration" },
    MenuItem { label: "Imprimantes", href: "/caisse/imprimantes", group: "Réglages de caisse" },
    MenuItem { label: "Emballages", href: "/caisse/emballages", group: "Réglages de caisse" },
    MenuItem { label: "Limites", href: "/caisse/parametres", group: "Réglages de caisse" },
];

pub fn menu_for(user: &CurrentUser) -> Vec<MenuItem> {
    MENU.iter().filter(|m| access_of_page(m.href).is_some_and(|a| user.may(a))).cloned().collect()
}

impl<'a> FromRequest<'a> for Shell {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let app = req.data::<App>().ok_or_else(|| AppError::Internal(anyhow::anyhow!("App manquante")))?;
        let user = req.extensions().get::<CurrentUser>().cloned();
        let csrf = req.extensions().get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default();
        let flash = req
            .uri()
            .query()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("ok=")))
            .and_then(crate::ui::flash::text);
        // Admins see backup trouble on every page until a backup succeeds.
        let warnings = match &user {
            Some(u) if u.can(Permission::BackupsManage) => {
                let clock = app.clock.clone();
                app.db.read(move |c| backup::ops::warnings(c, &clock)).await.unwrap_or_else(|e| {
                    tracing::error!(error = %e, "état des sauvegardes illisible");
                    Vec::new()
                })
            }
            _ => Vec::new(),
        };
        Ok(Shell {
            menu: user.as_ref().map(menu_for).unwrap_or_default(),
            user,
            csrf,
            shop_name: app.settings().name,
            path: req.uri().path().to_string(),
            flash,
            warnings,
        })
    }
}
