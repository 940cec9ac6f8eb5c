//! Confirmations shown once after a redirect (`?ok=code`). Only these fixed texts can appear,
//! so a crafted link cannot make the page say something else.

const MESSAGES: &[(&str, &str)] = &[
    ("bienvenue", "Bienvenue ! Votre compte administrateur est créé."),
    ("connecte", "Vous êtes connecté."),
    ("mot-de-passe", "Votre mot de passe a été changé."),
    ("utilisateur-cree", "Utilisateur créé."),
    ("utilisateur-modifie", "Utilisateur enregistré."),
    ("utilisateur-desactive", "Compte désactivé : ses sessions et jetons sont révoqués."),
    ("utilisateur-active", "Compte réactivé."),
    ("mot-de-passe-reinitialise", "Mot de passe réinitialisé : ses sessions sont fermées."),
    ("jeton-revoque", "Jeton révoqué."),
    ("role-modifie", "Rôle enregistré."),
    ("parametres", "Paramètres enregistrés."),
    ("produit-cree", "Produit créé."),
    ("produit-modifie", "Produit enregistré."),
    ("produit-archive", "Produit archivé."),
    ("produit-reactive", "Produit réactivé."),
    ("produit-supprime", "Produit supprimé."),
    ("conditionnement", "Conditionnements enregistrés."),
    ("code-barres", "Codes-barres enregistrés."),
    ("photo", "Photo enregistrée."),
    ("recette", "Recette enregistrée."),
    ("recette-supprimee", "Recette supprimée."),
    ("categorie", "Catégorie enregistrée."),
    ("categorie-supprimee", "Catégorie supprimée."),
    ("fournisseur", "Fournisseur enregistré."),
    ("mois-cloture", "Mois clôturé."),
    ("transfert", "Transfert enregistré."),
    ("ajustement", "Perte ou correction enregistrée."),
    ("inventaire-ouvert", "Inventaire ouvert : comptez, puis validez."),
    ("inventaire-enregistre", "Quantités comptées enregistrées."),
    ("inventaire-valide", "Inventaire validé : les écarts sont passés en stock et en comptabilité."),
    ("inventaire-abandonne", "Inventaire abandonné : rien n'a été corrigé."),
    ("lieu", "Lieux de stock enregistrés."),
    ("sauvegardes-reglages", "Réglages des sauvegardes enregistrés."),
    ("sauvegarde-faite", "Sauvegarde écrite et vérifiée."),
];

pub fn text(code: &str) -> Option<&'static str> {
    MESSAGES.iter().find(|(c, _)| *c == code).map(|(_, t)| *t)
}
