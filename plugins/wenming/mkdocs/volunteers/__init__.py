"""The ``wenming-volunteers`` plugin: 志愿服务 pages built from the team records."""
