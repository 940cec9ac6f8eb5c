//! The menu, in order. An item shows only if its page's declared access (the route table in
//! app.rs) admits the user.

use crate::app::access_of_page;
use crate::auth::CurrentUser;
use crate::ui::MenuItem;

const MENU: &[MenuItem] = &[
    MenuItem { label: "Accueil", href: "/", group: "" },
    MenuItem { label: "Vendre", href: "/caisse", group: "" },
    MenuItem { label: "Ventes", href: "/ventes", group: "" },
    MenuItem { label: "Produits", href: "/catalogue/produits", group: "Catalogue" },
    MenuItem { label: "Marges", href: "/catalogue/marges", group: "Catalogue" },
    MenuItem { label: "Fournisseurs", href: "/fournisseurs", group: "Catalogue" },
    MenuItem { label: "Stock", href: "/stock", group: "Stock" },
    MenuItem { label: "Alertes", href: "/stock/alertes", group: "Stock" },
    MenuItem { label: "Transferts", href: "/stock/transferts", group: "Stock" },
    MenuItem { label: "Pertes", href: "/stock/pertes", group: "Stock" },
    MenuItem { label: "Inventaires", href: "/stock/inventaires", group: "Stock" },
    MenuItem { label: "Achats", href: "/achats", group: "Stock" },
    MenuItem { label: "Échéances fournisseurs", href: "/achats/echeances", group: "Stock" },
    MenuItem { label: "Ma caisse", href: "/caisse/session", group: "Caisse" },
    MenuItem { label: "Entrées et sorties", href: "/caisse/mouvements", group: "Caisse" },
    MenuItem { label: "Historique des caisses", href: "/caisse/sessions", group: "Caisse" },
    MenuItem { label: "Production", href: "/production", group: "Stock" },
    MenuItem { label: "Journal", href: "/compta/journal", group: "Comptabilité" },
    MenuItem { label: "Balance générale", href: "/compta/balance", group: "Comptabilité" },
    MenuItem { label: "Utilisateurs", href: "/admin/utilisateurs", group: "Administration" },
    MenuItem { label: "Rôles", href: "/admin/roles", group: "Administration" },
    MenuItem { label: "Journal d'audit", href: "/admin/journal-audit", group: "Administration" },
    MenuItem { label: "Paramètres", href: "/admin/parametres", group: "Administration" },
    MenuItem { label: "Contrôle", href: "/admin/controle", group: "Administration" },
    MenuItem { label: "Sauvegardes", href: "/admin/sauvegardes", group: "Administration" },
    MenuItem { label: "Imprimantes", href: "/caisse/imprimantes", group: "Réglages de caisse" },
    MenuItem { label: "Emballages", href: "/caisse/emballages", group: "Réglages de caisse" },
    MenuItem { label: "Limites", href: "/caisse/parametres", group: "Réglages de caisse" },
];

pub fn menu_for(user: &CurrentUser) -> Vec<MenuItem> {
    MENU.iter().filter(|m| access_of_page(m.href).is_some_and(|a| user.may(a))).cloned().collect()
}
