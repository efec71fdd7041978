-- GROUP BY and HAVING: grouping by columns, expressions, positions and output names; the
-- ungrouped-column rule with functional dependency on the primary key; NULL groups.
CREATE TABLE sales (id int PRIMARY KEY, region text, product text, qty int, price numeric(8,2));
INSERT INTO sales VALUES (1, 'north', 'apple', 10, 1.50), (2, 'north', 'pear', 5, 2.00), (3, 'south', 'apple', 7, 1.40),
 (4, 'south', 'apple', 3, 1.60), (5, NULL, 'pear', 1, 2.10), (6, 'east', NULL, NULL, NULL);
SELECT region, count(*), sum(qty) FROM sales GROUP BY region ORDER BY region;
SELECT region, product, sum(qty * price) AS revenue FROM sales GROUP BY region, product ORDER BY region NULLS FIRST, product;
SELECT region AS r, count(*) FROM sales GROUP BY r ORDER BY r;
SELECT region, count(*) FROM sales GROUP BY 1 ORDER BY 2 DESC, 1;
SELECT upper(region), count(*) FROM sales GROUP BY upper(region) ORDER BY 1;
SELECT qty % 2 AS parity, count(*) FROM sales GROUP BY qty % 2 ORDER BY 1;
SELECT region, count(*) FROM sales GROUP BY region HAVING count(*) > 1 ORDER BY region;
SELECT region FROM sales GROUP BY region HAVING sum(qty) > 8 ORDER BY 1;
SELECT count(*) FROM sales HAVING count(*) > 100;
SELECT count(*) FROM sales HAVING count(*) > 1;
SELECT id, region, qty FROM sales GROUP BY id ORDER BY id;
SELECT region, product FROM sales GROUP BY region ORDER BY 1;
SELECT region, qty FROM sales GROUP BY region ORDER BY 1;
SELECT region, count(*) FROM sales GROUP BY region ORDER BY sum(qty) DESC NULLS LAST, region;
SELECT region, count(*) FROM sales GROUP BY region ORDER BY qty;
SELECT product, max(price) - min(price) AS spread FROM sales WHERE price IS NOT NULL GROUP BY product ORDER BY product;
SELECT region, product, count(*) FROM sales GROUP BY region, product HAVING count(*) = 2;
SELECT s.region, count(*) FROM sales s GROUP BY s.region ORDER BY 1;
SELECT region, count(*) FROM sales GROUP BY 3;
SELECT region, count(*) FROM sales GROUP BY 'x';
SELECT count(*) FROM sales GROUP BY region HAVING region LIKE 'n%';
SELECT region FROM sales GROUP BY region HAVING qty > 1;
SELECT region, (SELECT count(*) FROM sales s2 WHERE s2.region = s.region) FROM sales s GROUP BY region ORDER BY 1;
SELECT DISTINCT region FROM sales ORDER BY 1;
SELECT DISTINCT region, product FROM sales ORDER BY 1, 2;
SELECT DISTINCT ON (region) region, product, qty FROM sales ORDER BY region, qty DESC;
SELECT DISTINCT ON (product) product, region FROM sales ORDER BY product, region DESC NULLS LAST;
SELECT DISTINCT ON (region) region, id FROM sales ORDER BY region;
SELECT DISTINCT ON (region) region, id FROM sales ORDER BY id;
SELECT DISTINCT region FROM sales ORDER BY qty;
SELECT count(DISTINCT region), count(DISTINCT product) FROM sales;
SELECT DISTINCT qty % 3 FROM sales ORDER BY 1;
SELECT region, count(*) AS n FROM sales GROUP BY region HAVING count(*) >= 1 ORDER BY n DESC, region NULLS FIRST LIMIT 2;
