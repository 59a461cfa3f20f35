package org.unimo.dsl;
public enum XlaMode { AUTO, ON, OFF }
