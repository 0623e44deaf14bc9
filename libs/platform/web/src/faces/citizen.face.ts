import { defineCatalogue } from '../i18n/catalogue.js';
import { defineFace } from '../faces.js';
import type { WebView } from '../view.js';

/** The citizen portal (/): messages and menu. */
export const CITIZEN_FACE = defineFace({
  name: 'citizen',
  basePath: '/',
  signInPath: '/sign-in',
  messages: defineCatalogue(
    {
      'face.title': 'Vatandaş Portalı',
      'nav.consents': 'İzinlerim',
      'nav.addresses': 'Adreslerim',
      'nav.complaints': 'Şikâyetlerim',
      'nav.data': 'Verilerim',
      'signIn.title': 'Giriş yap',
      'signIn.intro': 'Cep telefonunuza veya e-posta adresinize tek kullanımlık bir kod göndereceğiz. Şifre gerekmez.',
      'signIn.address': 'Cep telefonu veya e-posta adresi',
      'signIn.addressHint': 'Örnek: +905321234567 veya ad@ornek.com',
      'signIn.sendCode': 'Kod gönder',
      'signIn.codeTitle': 'Kodu girin',
      'signIn.codeSentSms': 'Telefonunuza 6 haneli bir kod gönderdik.',
      'signIn.codeSentEmail': 'E-posta adresinize 6 haneli bir kod gönderdik.',
      'signIn.code': '6 haneli kod',
      'signIn.submit': 'Giriş yap',
      'signIn.again': 'Başka bir adres',
    },
    {
      'face.title': 'Citizen Portal',
      'nav.consents': 'My consents',
      'nav.addresses': 'My addresses',
      'nav.complaints': 'My complaints',
      'nav.data': 'My data',
      'signIn.title': 'Sign in',
      'signIn.intro': 'We will send a one-time code to your mobile phone or e-mail address. No password needed.',
      'signIn.address': 'Mobile phone or e-mail address',
      'signIn.addressHint': 'For example: +905321234567 or name@example.com',
      'signIn.sendCode': 'Send code',
      'signIn.codeTitle': 'Enter the code',
      'signIn.codeSentSms': 'We sent a 6-digit code to your phone.',
      'signIn.codeSentEmail': 'We sent a 6-digit code to your e-mail address.',
      'signIn.code': '6-digit code',
      'signIn.submit': 'Sign in',
      'signIn.again': 'Another address',
    },
  ),
  nav: [
    { href: '/', label: 'nav.consents' },
    { href: '/addresses', label: 'nav.addresses' },
    { href: '/my-complaints', label: 'nav.complaints' },
    { href: '/my-data', label: 'nav.data' },
  ],
});

export type CitizenKey = keyof (typeof CITIZEN_FACE.messages)['tr'];
/** What a handler of this face gets from @Web(CITIZEN_FACE). */
export type CitizenView = WebView<CitizenKey>;
