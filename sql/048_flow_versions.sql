-- Issue 19: every published version of a flow, kept for diff and roll back. The live flow is
-- still flows.definition (read by the app on each configuration reload); publishing writes a
-- new row here (with the editor's node positions, which are not part of the flow) and the definition there in one transaction. Rolling back publishes an old
-- version's definition again as a new version, so the history only grows.
CREATE TABLE flow_versions (
  flow_name VARCHAR(32) NOT NULL,
  version INT UNSIGNED NOT NULL,
  definition JSON NOT NULL,
  description VARCHAR(255) NOT NULL DEFAULT '',
  published_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  published_by VARCHAR(64) NOT NULL,
  note VARCHAR(255) NOT NULL DEFAULT '',
  layout JSON NULL COMMENT 'node positions in the flow editor {node: {x, y}}; not part of the flow',
  PRIMARY KEY (flow_name, version)
) ENGINE=InnoDB;

-- The flows that exist today become their version 1.
INSERT INTO flow_versions (flow_name, version, definition, description, published_by, note)
  SELECT name, 1, definition, description, 'migration', 'as found by migration 048' FROM flows;
