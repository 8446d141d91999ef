/**
 * An object standing in for `build()`'s result, which is built on first use (any property
 * read, key listing, `in`, prototype lookup ...) and then reused: lets a module export a value
 * that is costly to make without making it at import time. Every operation is forwarded to the
 * built object (getters run on it), so reads, writes, `Object.keys`, `JSON.stringify` and
 * `instanceof` behave as on the built object. What differs: the stand-in is a Proxy, so it is
 * not `===` the built object and `structuredClone` rejects it (clone `JSON.parse(JSON.stringify(x))`).
 */
export function lazyObject<T extends object>(build: () => T): T {
  let built: T | undefined;
  const value = (): T => {
    built ??= build();
    return built;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(value(), key),
    set: (_, key, next) => Reflect.set(value(), key, next),
    has: (_, key) => Reflect.has(value(), key),
    deleteProperty: (_, key) => Reflect.deleteProperty(value(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(value(), key, descriptor),
    ownKeys: () => Reflect.ownKeys(value()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(value(), key);
      // A Proxy may not report a property as non-configurable unless its own (empty) target
      // has it; the built object's descriptor is otherwise reported as it is.
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(value()),
    setPrototypeOf: (_, prototype) => Reflect.setPrototypeOf(value(), prototype),
  });
}
