export * from './iys-codes.js';
export * from './iys-code.decorator.js';
export * from './iys-validator.js';
export * from './iys-validation.pipe.js';
export * from './integer-param.js';
export * from './int32.js';
export * from './safe-text.decorator.js';
export * from './ip-range.js';
