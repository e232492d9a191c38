CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(50), balance DECIMAL(10,2));
CREATE TABLE accounts_v2 (id INT PRIMARY KEY, owner VARCHAR(50), balance_cents BIGINT);
