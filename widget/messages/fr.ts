/**
 * Le catalogue français, chargé à la demande (`lang="fr"`), textes des panneaux
 * compris. Mêmes clés et même sens que l'anglais (`en.ts`, `en-help.ts`) : les
 * types l'imposent. Les noms de Stripe (menus, boutons) sont ceux de son
 * tableau de bord en français. Les espaces avant « : » et « ? » et à
 * l'intérieur des guillemets sont insécables (`\u00a0`), pour qu'une ligne ne
 * commence jamais par l'un de ces signes.
 */
import type { Help, Messages } from '../model.js';

const INELIGIBLE =
  "Si Stripe a indiqué que votre compte n'est pas éligible, il a été créé via une autre application\u00a0: utilisez un compte créé directement chez Stripe.";
const RELOAD = 'Rechargez cette page et réessayez, ou identifiez-vous à nouveau.';
const SUPPORT = "Si cela se reproduit, copiez les détails pour l'assistance et contactez l'assistance.";
const UNCHANGED = "Rien n'a changé.";
const DEAD_END = "Vous ne pouvez pas régler cela de votre côté\u00a0: copiez les détails pour l'assistance et contactez l'assistance.";

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
    payments_paused: 'Stripe a suspendu ce compte le {date}.',
    legacy_setup:
      'Cette connexion utilise une ancienne méthode (des clés API copiées à la main). Reconnectez Stripe pour continuer à encaisser.',
  },
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
    access: 'Un accès au compte Stripe.',
    role: 'Le rôle Administrateur dans ce compte.',
    pick: 'Dans Stripe, choisissez le compte indiqué ci-dessus\u00a0: même nom et même clé publiable.',
    any: 'Dans Stripe, choisissez le compte à utiliser, ou créez-en un.',
    popup: "Stripe s'ouvre dans une nouvelle fenêtre.",
    redirect: "Stripe s'ouvre dans cette fenêtre, puis vous ramène ici.",
  },
  wait: {
    title: 'En attente de Stripe…',
    popup: 'Terminez dans la fenêtre Stripe.',
    redirect: 'Ouverture de Stripe…',
    elsewhere:
      "Terminez dans la fenêtre Stripe\u00a0: cette page se met à jour d'elle-même une fois que vous avez fini. Si vous avez fermé cette fenêtre, cliquez sur Annuler.",
    finishing: "De retour de Stripe dans l'autre fenêtre\u00a0: finalisation en cours là-bas…",
  },
  confirm: {
    title: 'Déconnecter Stripe\u00a0?',
    body: "Les paiements via Stripe s'arrêtent jusqu'à ce que vous reconnectiez Stripe. Votre compte Stripe ne change pas.",
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
    "Toujours en échec\u00a0? Dans Stripe, ouvrez Paramètres > Équipe et sécurité > Applications installées, trouvez {platform|l'application de ce site}, cliquez sur **Révoquer l'accès**, puis reconnectez Stripe ici.",
  switch: 'Pour passer volontairement à un autre compte Stripe\u00a0: Déconnecter, puis Connecter Stripe.',
  works: 'Votre connexion à {account|Stripe} fonctionne toujours.',
  broken: 'Votre compte {account|Stripe} doit toujours être reconnecté.',
  who: "Demandez à {name}\u00a0: cette personne a connecté Stripe ici et a sans doute accès au bon compte Stripe.",
  compare: { picked: 'Compte choisi', expected: 'À choisir' },
  paused: {
    title: {
      both: 'Stripe a suspendu les paiements et les virements',
      charges: 'Stripe a suspendu les paiements',
      payouts: 'Stripe a suspendu les virements',
    },
    reason: {
      due: 'Stripe attend des informations sur votre entreprise ou votre identité.',
      review: 'Stripe examine ce compte.',
      rejected: 'Stripe a fermé ce compte aux paiements.',
      platform: '{platform|Nous} avons suspendu les paiements de ce compte.',
      other: 'Stripe vous demande d\'agir dans votre compte Stripe.',
    },
    deadline: { future: 'Stripe les demande avant le {date}.', past: 'Elles étaient attendues le {date}.' },
    works: {
      both: "Vos clients ne peuvent plus vous payer et les virements vers votre banque sont bloqués\u00a0: l'argent déjà sur votre solde Stripe y reste.",
      charges: "Vos clients ne peuvent plus vous payer. L'argent déjà sur votre solde Stripe est toujours viré vers votre banque.",
      payouts:
        "Vos clients peuvent toujours vous payer, mais l'argent reste sur votre solde Stripe\u00a0: rien n'est viré vers votre banque tant que ce n'est pas réglé.",
    },
    act: {
      due: "Ouvrez votre tableau de bord Stripe, suivez le bandeau en haut de la page et fournissez ce que Stripe demande. Cliquez ensuite sur Vérifier à nouveau.",
      review:
        "Rien à faire tant que Stripe ne demande rien\u00a0: surveillez ses e-mails. Un examen prend en général quelques jours ouvrés\u00a0; cliquez ensuite sur Vérifier à nouveau.",
      rejected: "Reconnecter Stripe n'y changera rien. Seul Stripe peut expliquer ou lever cette suspension\u00a0: contactez l'assistance Stripe.",
      platform: "Reconnecter Stripe n'y changera rien\u00a0: contactez l'assistance de {platform|notre service} pour en connaître la raison.",
    },
  },
  warning:
    "Stripe a besoin d'informations de votre part avant le {date}. Les paiements fonctionnent jusque-là\u00a0; après cette date, Stripe pourra les suspendre.",
  link: { dashboard: 'Ouvrir votre tableau de bord Stripe', stripeSupport: "Contacter l'assistance Stripe" },
  code: {
    access_denied: [
      "La connexion n'a pas été terminée",
      `Vous avez quitté Stripe avant d'approuver. ${UNCHANGED}`,
      "Recommencez et allez jusqu'au bout dans Stripe.",
      INELIGIBLE,
    ],
    invalid_state: [
      "Ce lien n'est plus valide",
      "Il a expiré, a déjà été utilisé ou vient d'une autre fenêtre\u00a0: cette page ne l'a pas pris en compte.",
      "Si l'état ci-dessus indique Connecté, Stripe a terminé\u00a0: rien d'autre à faire.",
      'Sinon, recommencez et terminez en moins de 10 minutes, dans la fenêtre Stripe la plus récente.',
    ],
    authorization_expired: [
      "L'approbation de Stripe a expiré",
      `Elle est arrivée trop tard ou a déjà été utilisée. ${UNCHANGED}`,
      'Recommencez et terminez sans faire de pause.',
    ],
    account_ineligible: [
      'Ce compte ne peut pas être connecté',
      "Stripe ne l'autorise pas ici\u00a0: c'est le compte Stripe de {platform|ce site} lui-même («\u00a0Account cannot connect to itself\u00a0»), ou un compte créé via une autre application, qui ne peut servir que là-bas.",
      'Choisissez un autre compte Stripe, ou créez-en un dans la fenêtre Stripe.',
      "Pour utiliser ce compte ici, demandez d'abord à l'application qui l'a créé de le libérer.",
    ],
    stripe_unavailable: ['Stripe ne répond pas', `Impossible de joindre Stripe. ${UNCHANGED}`, 'Patientez une minute, puis réessayez.'],
    account_mismatch: [
      'Un autre compte a été choisi',
      "Nous n'avons pas associé {picked|le compte choisi}.",
      'Dans Stripe, choisissez le compte indiqué ci-dessus\u00a0: même nom et même clé publiable.',
      "Stripe affiche le nom d'un compte dans le menu des comptes en haut à gauche, son ID dans Paramètres > Entreprise > Détails du compte, et sa clé publiable dans Développeurs > Clés API.",
      INELIGIBLE,
    ],
    account_already_integrated: [
      'Ce compte est déjà utilisé',
      `{picked|Il} est déjà associé à un autre compte sur {platform|ce site}. ${UNCHANGED}`,
      "Choisissez un autre compte Stripe, ou encaissez depuis le compte d'ici qui l'utilise déjà.",
    ],
    livemode_mismatch: [
      'Les modes test et production diffèrent',
      `Le compte est revenu en mode test de Stripe alors que {platform|ce site} encaisse en production, ou l'inverse. ${UNCHANGED}`,
      DEAD_END,
    ],
    flow_cancelled: [
      "La fenêtre Stripe s'est fermée",
      `Elle s'est fermée avant la fin. ${UNCHANGED}`,
      'Réessayez, ou continuez dans cette fenêtre si elle se referme sans cesse.',
      INELIGIBLE,
    ],
    popup_blocked: [
      'La fenêtre Stripe a été bloquée',
      "Votre navigateur l'a bloquée.",
      'Continuez dans cette fenêtre, ou autorisez les fenêtres pop-up pour ce site et réessayez.',
    ],
    session_invalid: ["Votre identification n'a pas pu être vérifiée", "Cette page n'a pas pu confirmer que c'est bien vous.", RELOAD],
    session_expired: ['Votre identification sur cette page a expiré', 'Cette page est restée ouverte longtemps.', RELOAD],
    unauthorized: ["Vous n'êtes pas identifié", "Cette page n'a pas pu confirmer votre identité.", RELOAD],
    validation_failed: ["Cette page n'est pas configurée pour Stripe", "Souvent parce que l'adresse de cette page n'est pas autorisée.", DEAD_END],
    not_found: ['La connexion est introuvable', 'Vos réglages Stripe sont introuvables.', RELOAD, SUPPORT],
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
    "Stripe ne l'autorise pas ici\u00a0: il est contrôlé par une autre application, la seule à pouvoir l'utiliser.",
    DEAD_END,
  ],
};
