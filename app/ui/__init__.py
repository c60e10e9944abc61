"""The Qt window: pages, widgets and workers. The only package that imports Qt."""
