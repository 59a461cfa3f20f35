package org.unimo.dsl;
public enum Activation { GELU, RELU }
