/**
 * Le catalogue français, chargé à la demande (`lang="fr"`), textes des panneaux
 * compris. Mêmes clés et même sens que l'anglais (`en.ts`, `en-help.ts`) : les
 * types l'imposent. Les noms de Stripe (menus, boutons) sont ceux de son
 * Dashboard en français. Les espaces avant « : » et « ? » et à
 * l'intérieur des guillemets sont insécables (`\u00a0`), pour qu'une ligne ne
 * commence jamais par l'un de ces signes.
 */
import type { Help, Messages } from '../model.js';

const RELOAD = 'Rechargez cette page et réessayez, ou identifiez-vous à nouveau.';
const SUPPORT = "Si cela se reproduit, copiez les détails pour l'assistance et contactez l'assistance.";
const UNCHANGED = "Rien n'a changé.";
const DEAD_END = "Vous ne pouvez pas régler cela de votre côté\u00a0: copiez les détails pour l'assistance et contactez l'assistance de {platform|notre service}.";

export const fr: Messages = {
  stripe: 'Stripe',
  state: {
    not_connected: 'Non connecté',
    connected: 'Connecté',
    needs_attention: 'Action requise',
    legacy: 'Mise à jour requise',
    disconnected: 'Déconnecté',
  },
  loading: 'Vérification…',
  unknown: 'Inconnu',
  problem: {
    deauthorized: "L'accès à votre compte Stripe a été retiré à {platform|ce site} le {date}. Reconnectez Stripe pour encaisser à nouveau.",
    access_revoked: "Depuis le {date}, votre compte Stripe n'est plus accessible à {platform|ce site}. Reconnectez Stripe pour encaisser à nouveau.",
    payments_paused: 'Depuis le {date}, Stripe a désactivé {paused|les paiements} sur ce compte.',
    legacy_setup:
      'Cette connexion utilise une ancienne méthode (des clés API copiées à la main). Reconnectez Stripe pour continuer à encaisser.',
  },
  paused: { both: 'les paiements et les virements', charges: 'les paiements', payouts: 'les virements' },
  intro: {
    not_connected: 'Connectez votre compte Stripe pour encaisser des paiements.',
    disconnected: 'Reconnectez Stripe quand vous le souhaitez.',
  },
  field: {
    name: 'Compte',
    id: 'ID du compte',
    key: 'Clé publiable',
  },
  dates: {
    connected: 'Connexion établie le {date}.',
    connectedBy: 'Connexion établie par {name} le {date}.',
    checked: 'Dernière vérification le {date}.',
  },
  action: {
    check: 'Vérifier à nouveau',
    connect: 'Connecter Stripe',
    reconnect: 'Reconnecter',
    disconnect: 'Déconnecter',
  },
};

export const frHelp: Help = {
  locale: 'fr',
  action: {
    cancel: 'Annuler',
    start: 'Continuer vers Stripe',
    retry: 'Réessayer',
    here: 'Continuer dans cette fenêtre',
    copy: "Copier les détails pour l'assistance",
    support: "Contacter l'assistance",
    close: 'Fermer',
  },
  prepare: {
    title: 'Avant de commencer',
    login: "Connectez-vous d'abord à Stripe dans ce navigateur.",
    role: 'Il vous faut le rôle Administrateur dans le compte Stripe.',
    pick: 'La liste de Stripe affiche vos comptes par leur nom\u00a0: choisissez {account}, le compte indiqué ci\u2011dessus.',
    pickKey:
      "Cette page ne connaît le compte que par sa clé publiable, indiquée ci\u2011dessus. La liste de Stripe affiche les comptes par leur nom\u00a0: en cas de doute, cherchez cette clé dans chaque compte, sous Développeurs > Clés API.",
    any: 'Dans Stripe, choisissez le compte à utiliser, ou créez-en un.',
    who: '{name} a connecté Stripe ici le {date}\u00a0: si vous ne trouvez pas le compte, demandez-lui.',
    legacy: 'Plus de clés API ni de webhooks à copier\u00a0: Stripe connecte le compte pour vous.',
    subscriptions: {
      kept: 'Vos abonnements et vos clients restent dans votre compte Stripe\u00a0: choisissez ce même compte et les renouvellements continuent comme avant.',
      broken:
        "Vos abonnements restent dans votre compte Stripe, mais les renouvellements prélevés par {platform|nos soins} échouent tant qu'il n'est pas reconnecté\u00a0: choisissez ce même compte et ils passent de nouveau.",
      left: "Les abonnements restent dans le compte Stripe où ils ont été créés\u00a0: les renouvellements prélevés par {platform|nos soins} ne passent que tant que ce compte est connecté ici.",
    },
    popup: "Stripe s'ouvre dans une nouvelle fenêtre.",
    redirect: "Stripe s'ouvre dans cette fenêtre, puis vous ramène ici.",
  },
  wait: {
    title: 'En attente de Stripe…',
    popup: 'Terminez dans la fenêtre Stripe.',
    redirect: 'Ouverture de Stripe…',
    elsewhere:
      "Terminez dans la fenêtre Stripe\u00a0: cette page se met à jour d'elle-même une fois que vous avez fini. Si vous avez fermé cette fenêtre, cliquez sur Annuler.",
    finishing: "De retour de Stripe dans l'autre fenêtre\u00a0: finalisation dans l'autre fenêtre…",
  },
  confirm: {
    title: 'Déconnecter Stripe\u00a0?',
    body: "Les paiements via Stripe s'arrêtent jusqu'à ce que vous reconnectiez Stripe, et les renouvellements de vos abonnements prélevés par {platform|nos soins} échouent entre-temps. Vos abonnements, vos clients et votre compte Stripe restent tels quels.",
  },
  done: {
    connected: 'Compte {account} connecté.',
    reconnected: "Compte {account} reconnecté. Vos abonnements et vos réglages n'ont pas changé.",
  },
  closeThis: 'De retour de Stripe. Vous pouvez fermer cette fenêtre\u00a0: la page de départ affiche le résultat.',
  copied: 'Détails copiés.',
  copyHand: "Le presse-papiers n'est pas disponible\u00a0: copiez ces détails à la main.",
  details: "Détails pour l'assistance",
  again:
    "Le problème persiste\u00a0? Dans Stripe, ouvrez Paramètres > Équipe et sécurité > Applications installées et cherchez {platform|le nom de ce service} dans la liste. Cliquez sur **Révoquer l'accès** (c'est ainsi que Stripe désinstalle une application), puis reconnectez Stripe ici.",
  switch:
    'Pour passer volontairement à un autre compte Stripe\u00a0: Déconnecter, puis Connecter Stripe. Vos abonnements restent dans l\'ancien compte, et les renouvellements prélevés par {platform|nos soins} y échouent dès lors.',
  works: 'Votre connexion à {account|Stripe} fonctionne toujours.',
  broken: "Votre compte {account|Stripe} n'est pas encore reconnecté.",
  who: 'Demandez à {name}\u00a0: cette personne a connecté Stripe ici et a sans doute accès au bon compte Stripe.',
  ineligible:
    "Si Stripe a indiqué que votre compte n'est pas éligible, il a été créé via une autre application\u00a0: utilisez un compte créé directement chez Stripe.",
  invalidConnected: 'Stripe est connecté, comme le montre la carte ci\u2011dessus\u00a0: rien de plus à faire.',
  livemode: {
    test: `C'est un compte de test, et {platform|ce service} encaisse des paiements réels. ${UNCHANGED}`,
    live: `C'est un compte réel, et {platform|ce service} est configuré pour des paiements de test uniquement. ${UNCHANGED}`,
  },
  compare: { picked: 'Compte choisi', expected: 'Compte attendu' },
  paused: {
    title: {
      both: 'Paiements et virements suspendus',
      charges: 'Vos clients ne peuvent plus vous payer',
      payouts: 'Virements suspendus',
    },
    reason: {
      due: 'Stripe attend des informations sur votre entreprise ou votre identité.',
      review: 'Stripe examine ce compte.',
      rejected: 'Stripe a désactivé les paiements sur ce compte.',
      platform: 'Les paiements de ce compte ont été suspendus par {platform|nos soins}.',
      other: "Stripe vous demande d'agir dans votre compte Stripe.",
    },
    deadline: { future: 'À faire au plus tard le {date}.', past: "C'était à faire au plus tard le {date}." },
    works: {
      both: "Vos clients ne peuvent plus vous payer, et l'argent déjà sur votre solde Stripe y reste jusqu'à ce que ce soit réglé.",
      charges: "L'argent déjà sur votre solde Stripe est toujours viré vers votre banque.",
      payouts: "Vos clients peuvent toujours vous payer\u00a0: l'argent attend sur votre solde Stripe jusqu'à ce que ce soit réglé.",
    },
    act: {
      due: 'Ouvrez votre Dashboard Stripe, suivez le bandeau en haut de la page et fournissez ce que Stripe demande. Cliquez ensuite sur Vérifier à nouveau.',
      review:
        'Rien à faire tant que Stripe ne demande rien\u00a0: surveillez ses e-mails. Un examen prend en général quelques jours ouvrés\u00a0; cliquez ensuite sur Vérifier à nouveau.',
      rejected: "Reconnecter Stripe n'y changera rien. Seul Stripe peut expliquer ou lever cette suspension\u00a0: contactez l'assistance Stripe.",
      platform: "Reconnecter Stripe n'y changera rien\u00a0: contactez l'assistance de {platform|notre service} pour en connaître la raison.",
    },
  },
  warning:
    "Stripe a besoin d'informations de votre part au plus tard le {date}. Les paiements fonctionnent jusque-là\u00a0; après cette date, Stripe pourra les suspendre.",
  link: { dashboard: 'Ouvrir votre Dashboard Stripe', stripeSupport: "Contacter l'assistance Stripe" },
  code: {
    access_denied: ["La connexion n'a pas été terminée", `Vous avez quitté Stripe avant d'approuver. ${UNCHANGED}`, "Recommencez et allez jusqu'au bout dans Stripe."],
    invalid_state: [
      'Cette tentative est terminée',
      `Elle a expiré, ou elle a été terminée dans une autre fenêtre\u00a0: cette page n'en a rien fait. ${UNCHANGED}`,
      'Recommencez si besoin, et terminez en moins de 10 minutes dans la fenêtre Stripe qui s\'ouvre.',
    ],
    authorization_expired: [
      "L'approbation de Stripe est arrivée trop tard",
      `Une approbation de Stripe ne vaut que quelques minutes, et celle-ci est revenue trop tard, ou deux fois. ${UNCHANGED}`,
      "Recommencez et allez jusqu'au bout dans Stripe sans vous arrêter en chemin.",
    ],
    account_ineligible: [
      'Ce compte ne peut pas être connecté ici',
      "Stripe refuse de le connecter à {platform|ce service}\u00a0: un autre service l'a créé ou le contrôle, ou c'est le compte Stripe de {platform|ce service} lui-même.",
      'Choisissez un autre compte Stripe, ou créez-en un dans la fenêtre Stripe.',
      "Pour utiliser quand même ce compte\u00a0: ouvrez-le dans Stripe, Paramètres > Équipe et sécurité > Applications installées, trouvez cet autre service et cliquez sur **Révoquer l'accès**. Réessayez ensuite ici.",
    ],
    stripe_unavailable: ['Stripe ne répond pas', `Impossible de joindre Stripe. ${UNCHANGED}`, 'Patientez une minute, puis réessayez.'],
    account_mismatch: [
      'Un autre compte a été choisi',
      "Nous n'avons pas associé {picked|le compte choisi}.",
      'Dans la liste des comptes de Stripe, choisissez {account|le compte dont la clé publiable est indiquée ci\u2011dessus (cette page ne le connaît que par sa clé)}.',
      "La liste de Stripe affiche le nom et l'e-mail de chaque compte. Encore un doute\u00a0? Dans Stripe, Développeurs > Clés API affiche la clé publiable d'un compte\u00a0: ce doit être celle indiquée ci\u2011dessus.",
    ],
    account_already_integrated: [
      'Ce compte est déjà utilisé',
      `{picked|Ce compte Stripe} est déjà connecté à un autre espace {platform|de ce service}. ${UNCHANGED}`,
      "Choisissez un autre compte Stripe. Si cet autre espace est aussi le vôtre, encaissez depuis l'espace {platform|de ce service} qui l'utilise déjà, ou déconnectez-y d'abord Stripe, puis connectez le compte ici.",
    ],
    livemode_mismatch: [
      'Comptes de test et comptes réels ne se mélangent pas',
      `Le compte choisi est dans l'autre mode de Stripe\u00a0: un compte de test là où l'on encaisse des paiements réels, ou l'inverse. ${UNCHANGED}`,
      DEAD_END,
    ],
    flow_cancelled: ["La fenêtre Stripe s'est fermée", `Elle s'est fermée avant la fin. ${UNCHANGED}`, 'Réessayez, et terminez dans la fenêtre Stripe avant de la fermer.'],
    popup_blocked: [
      'La fenêtre Stripe a été bloquée',
      "Votre navigateur l'a bloquée.",
      'Continuez dans cette fenêtre\u00a0: Stripe s\'ouvre ici, puis vous ramène. Ou autorisez les fenêtres pop-up pour ce site et recommencez.',
    ],
    session_invalid: ["Votre identification n'a pas pu être vérifiée", "Cette page n'a pas pu confirmer que c'est bien vous.", RELOAD],
    session_expired: ['Votre session a expiré', 'Cette page est restée ouverte longtemps.', RELOAD],
    unauthorized: ["Vous n'êtes pas connecté(e)", "Cette page n'a pas pu confirmer votre identité.", RELOAD],
    validation_failed: ["Cette page n'est pas configurée pour Stripe", "Souvent parce que l'adresse de cette page n'est pas autorisée.", DEAD_END],
    not_found: [
      'Vos réglages Stripe sont introuvables',
      `Cette page a demandé les réglages Stripe de cet espace et n'a rien obtenu d'utilisable. ${UNCHANGED}`,
      RELOAD,
      SUPPORT,
    ],
    rate_limited: ['Trop de tentatives', 'Il y a eu beaucoup de tentatives en peu de temps.', 'Patientez une minute, puis réessayez.'],
    internal: [
      'Un problème est survenu',
      `Nous avons rencontré un problème, ou le réseau a été coupé. ${UNCHANGED}`,
      'Réessayez dans un instant.',
      SUPPORT,
    ],
  },
  ineligibleExpected: [
    'Ce compte ne peut pas être connecté',
    "Stripe refuse de le connecter à {platform|ce service}\u00a0: c'est le compte Stripe de {platform|ce service} lui-même, ou un autre service le contrôle, et lui seul peut l'utiliser.",
    DEAD_END,
  ],
};
