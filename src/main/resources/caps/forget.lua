-- Erase a customer's contacts, and say they are complete as they are (none): a rebuild must not bring back
-- contacts whose records are being erased. KEYS[1]: contacts; KEYS[2]: index marker; ARGV[1]: retention in ms
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return 0
