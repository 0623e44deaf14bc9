import { defineCatalogue } from './catalogue.js';

/** Words of the layout every face shares (header, footer, errors). */
export const COMMON_MESSAGES = defineCatalogue(
  {
    'registry.name': 'İleti Yönetim Sistemi',
    'layout.skip': 'Ana içeriğe atla',
    'layout.language': 'Dil',
    'layout.switchLanguage': 'English',
    'layout.switchLanguageLang': 'en',
    'layout.mainNav': 'Ana menü',
    'layout.signOut': 'Çıkış yap',
    'layout.footer': 'İYS açık kaynak kayıt sistemi',
    'error.title': 'İşlem yapılamadı',
    'error.forbidden': 'Bu sayfayı açma yetkiniz yok.',
    'error.notFound': 'Aradığınız sayfa bulunamadı.',
    'error.tooMany': 'Çok fazla istek gönderildi. Lütfen biraz sonra tekrar deneyiniz.',
    'error.unexpected': 'Beklenmedik bir hata oluştu. Lütfen daha sonra tekrar deneyiniz.',
    'error.back': 'Ana sayfaya dön',
    'error.code': 'Hata kodu',
  },
  {
    'registry.name': 'Message Management System',
    'layout.skip': 'Skip to main content',
    'layout.language': 'Language',
    'layout.switchLanguage': 'Türkçe',
    'layout.switchLanguageLang': 'tr',
    'layout.mainNav': 'Main menu',
    'layout.signOut': 'Sign out',
    'layout.footer': 'İYS open-source registry',
    'error.title': 'Could not complete the request',
    'error.forbidden': 'You may not open this page.',
    'error.notFound': 'The page you are looking for was not found.',
    'error.tooMany': 'Too many requests. Please try again in a moment.',
    'error.unexpected': 'Something went wrong. Please try again later.',
    'error.back': 'Back to the start page',
    'error.code': 'Error code',
  },
);
