import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ByteLru } from '../../../results/store/byte-lru.ts';

describe('ByteLru', () => {
  it('evicts the least recently used values once their bytes pass the bound', () => {
    const lru = new ByteLru<string, Buffer>(100, (value) => value.length);
    lru.set('a', Buffer.alloc(40));
    lru.set('b', Buffer.alloc(40));
    assert.ok(lru.get('a') !== undefined); // now b is the oldest
    lru.set('c', Buffer.alloc(40));
    assert.equal(lru.get('b'), undefined);
    assert.ok(lru.get('a') !== undefined && lru.get('c') !== undefined);
    assert.equal(lru.bytes, 80);
  });

  it('never keeps a value larger than the bound, and counts replaced values once', () => {
    const lru = new ByteLru<number, Buffer>(100, (value) => value.length);
    lru.set(1, Buffer.alloc(30));
    lru.set(2, Buffer.alloc(101));
    assert.equal(lru.get(2), undefined);
    assert.ok(lru.get(1) !== undefined, 'an oversized value does not evict the others');
    lru.set(1, Buffer.alloc(50));
    assert.equal(lru.bytes, 50);
    assert.equal(lru.size, 1);
    lru.clear();
    assert.equal(lru.bytes, 0);
  });
});
