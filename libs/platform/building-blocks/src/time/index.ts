export * from './istanbul-time.js';
export * from './turkish-public-holidays.data.js';
export * from './turkish-business-calendar.js';
