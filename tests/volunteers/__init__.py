"""Build tests of the 志愿服务 section."""
