export * from './hardening-level';
export * from './overrides';
export * from './props';
export * from './service-image';
export * from './hardening-report';
export * from './health-check';
export * from './hardened-demo-service';
