"""Typst templates for the remittance documents; a package only so that setuptools ships the .typ files."""
