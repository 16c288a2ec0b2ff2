// The benchmark imports the compiled server (server/dist), which ships no type declarations: every
// import from it is untyped, and bench/server.ts handles what it returns as `Any`. The bench's own
// modules are imported with their .ts extension, so this pattern matches only the compiled server.
declare module '*.js';
