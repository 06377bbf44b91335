"""Ribambelle: steering early-childhood care across a territory."""
