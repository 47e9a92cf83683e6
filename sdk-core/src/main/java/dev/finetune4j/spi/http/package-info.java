/**
 * The HTTP transport every provider module sends through: {@link dev.finetune4j.spi.http.HttpTransport} with
 * {@link dev.finetune4j.spi.http.ApiRequest} and {@link dev.finetune4j.spi.http.ApiResponse}, authentication,
 * error parsing, cursor pagination and the SDK's JSON settings. Part of the provider kit, not application API: an
 * application configures it only through {@link dev.finetune4j.ClientOptions}.
 */
package dev.finetune4j.spi.http;
