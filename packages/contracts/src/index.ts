export * from './errors';
export * from './identity';
export * from './realtime';
export * from './channels';
export * from './conversations';
export * from './contacts';
export * from './simulator';
