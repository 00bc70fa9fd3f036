-- Customers for the screen pop (T2, D1): looked up by the caller's number when a call rings
-- at an agent. phone holds the number as it arrives from the carrier (digits, optional +).
CREATE TABLE customers (
  id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  phone VARCHAR(32) NOT NULL,
  name VARCHAR(100) NOT NULL,
  company VARCHAR(200) NULL,
  address VARCHAR(300) NULL,
  contact VARCHAR(100) NULL,
  notes TEXT NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY idx_customers_phone (phone)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
